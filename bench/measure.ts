import { setTimeout as sleep } from 'node:timers/promises';

/** Small helpers every benchmark shares: timing, percentiles, peak memory, and the ratio line. */

export function time<T>(work: () => T): { ms: number; result: T } {
  const start = process.hrtime.bigint();
  const result = work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export async function timeAsync<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/**
 * Collects the garbage earlier phases left (the bench runs with --expose-gc), so that each phase starts from live data
 * only: its timings carry no collector debt from the phase before, and peak RSS reflects what a phase holds, not
 * what the previous one dropped. Then waits half a second: the collector finishes sweeping on background threads,
 * which on two cores would otherwise run beside the first measurements.
 */
export async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await sleep(500);
}

/** Per-call latencies of `work` over `inputs`, in microseconds, sorted. */
export function latencies<I>(inputs: I[], work: (input: I) => unknown): number[] {
  const out: number[] = [];
  for (const input of inputs) {
    const start = process.hrtime.bigint();
    work(input);
    out.push(Number(process.hrtime.bigint() - start) / 1e3);
  }
  return out.sort((a, b) => a - b);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function fmt(value: number, digits = 1): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** One result line: the figure, the baseline from the same run, the ratio, and whether the goal is met. */
export function report(name: string, ours: string, baseline: string, ratio: number, goal?: { min: number; label: string }) {
  const verdict = goal ? (ratio >= goal.min ? `  ✓ goal ${goal.label}` : `  ✗ goal ${goal.label}`) : '';
  console.log(`${name.padEnd(44)} ${ours.padStart(16)}   baseline ${baseline.padStart(16)}   ratio ${fmt(ratio, 1).padStart(7)}x${verdict}`);
}

export function heading(text: string) {
  console.log(`\n== ${text} ${'='.repeat(Math.max(0, 100 - text.length))}`);
}
