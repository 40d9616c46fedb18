import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../../src/compose.js';
import type { SecurityLabel } from '../../src/domain/security/label.js';
import type { Actor } from '../../src/services/actor.js';
import type { Clock } from '../../src/services/clock.js';
import type { Services } from '../../src/services/index.js';

/** A clock the test moves by hand; record time only goes forward, as the store demands. */
export class PinnedClock implements Clock {
  constructor(private current: string) {}
  now() {
    return this.current;
  }
  set(instant: string) {
    if (instant < this.current) throw new Error(`clock would go back from ${this.current} to ${instant}`);
    this.current = instant;
  }
}

export const staff = (id: string, nation: string, homeCommand: string, roles = ['planner']): Actor => ({
  id,
  name: id,
  nation,
  clearance: 'SECRET',
  caveats: [],
  roles,
  homeCommand,
});

export const US_J3 = staff('us-j3', 'USA', 'usfj');
export const JP_J3 = staff('jp-j3', 'JPN', 'jjoc');

export const label = (
  releasableTo: string[] | null,
  caveats: string[] = [],
  classification = 'SECRET',
): SecurityLabel => ({
  classification,
  releasableTo,
  caveats,
});
export const REL_USA_JPN = label(['USA', 'JPN']);
export const NOFORN = label(null, ['NOFORN']);

/** The app over a real SQLite file in a temp folder, demo scenario and missions loaded at the pinned time. */
export async function openTestApp(
  start: string,
): Promise<{ services: Services; clock: PinnedClock; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'c2-missions-'));
  const clock = new PinnedClock(start);
  const services = await openApp({ db: join(dir, 'c2.db'), demo: true, clock });
  return {
    services,
    clock,
    async close() {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function codeOf(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'no error';
}
