import { describe, it } from 'vitest';

/**
 * Contract suites for the scale-out adapters need a real server. Outside CI an unreachable server skips the suite
 * with a message saying what to start; in CI (CI=true) it fails, so a broken service cannot pass silently.
 */
export const POSTGRES_URL = process.env.C2_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const NATS_URL = process.env.C2_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export type Probe = { ok: true } | { ok: false; reason: string };

export async function probe(check: () => Promise<void>, timeoutMs = 3000): Promise<Probe> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Registers the suite when the service answered; otherwise a failing (CI) or skipped (local) placeholder. */
export function describeWithService(name: string, service: string, url: string, found: Probe, suite: () => void): void {
  if (found.ok) {
    suite();
    return;
  }
  const message = `${service} unreachable at ${url} (${found.reason})`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs ${service}`, () => {
        throw new Error(`${message}: CI must run this suite against a live server`);
      });
    });
  } else {
    // Skipped only on a developer machine without the server (CI fails above instead), and the suite's name says why.
    console.warn(`SKIPPED ${name}: ${message}. Start the server or set the URL variable to run it.`);
    describe.skip(`${name} (skipped: ${message})`, () => {
      it(`needs ${service}`, () => {});
    });
  }
}
