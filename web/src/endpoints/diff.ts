import type { StructureDiff } from '../../../src/domain/command/queries.js';
import { get, type Marked } from '../api.js';

/** The structure's change between two valid dates, flattened as GET /api/diff answers it. */
export interface FlatDiff {
  unitsAdded: StructureDiff['units']['added'];
  unitsRemoved: StructureDiff['units']['removed'];
  unitsChanged: StructureDiff['units']['changed'];
  relationshipsAdded: StructureDiff['relationships']['added'];
  relationshipsRemoved: StructureDiff['relationships']['removed'];
  relationshipsChanged: StructureDiff['relationships']['changed'];
  commands: StructureDiff['commands'];
}

export const diffApi = {
  diff: (from: string, to: string, knownAt: string | null, signal?: AbortSignal) =>
    get<Marked & { diff: FlatDiff }>('/api/diff', { from, to, knownAt }, signal),
};
