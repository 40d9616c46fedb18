export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Field-by-field differences of two records (keys of either), skipping `ignore`. */
export function fieldChanges<T extends object>(before: T, after: T, ignore: readonly string[] = []): FieldChange[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: FieldChange[] = [];
  for (const field of fields) {
    if (ignore.includes(field)) continue;
    const x = (before as Record<string, unknown>)[field];
    const y = (after as Record<string, unknown>)[field];
    if (!sameValue(x, y)) out.push({ field, before: x, after: y });
  }
  return out;
}

/** Structural equality of JSON-like values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
