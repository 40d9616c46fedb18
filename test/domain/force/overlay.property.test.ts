import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainOfCommand, controllersAt, forest, type TreeNode } from '../../../src/domain/command/queries.js';
import { RELATIONSHIP_KINDS } from '../../../src/domain/command/relationship.js';
import { isC2Error } from '../../../src/domain/errors.js';
import type { ChangeSet } from '../../../src/domain/force/change.js';
import { generateForce } from '../../../src/domain/force/generate.js';
import {
  changeRelationship,
  createUnit,
  deactivateUnit,
  endRelationship,
  movePersonnel,
  startRelationship,
  updateUnit,
} from '../../../src/domain/force/operations.js';
import { projectTimeline } from '../../../src/domain/force/overlay.js';
import type { ForceTimeline } from '../../../src/domain/force/timeline.js';
import { addMs, DAY_MS } from '../../../src/domain/time/instant.js';
import { d, rel, snapshot, structureOf, unit } from './fixture.js';

const START = d('2020-01-01');
const PROBES = [0, 200, 500, 900, 1300].map((day) => addMs(START, day * DAY_MS));

const op = fc.record({
  type: fc.integer({ min: 0, max: 6 }),
  a: fc.nat(),
  b: fc.nat(),
  day: fc.integer({ min: 0, max: 1400 }),
});

type Op = { type: number; a: number; b: number; day: number };

function makeChange(tl: ForceTimeline, o: Op, n: number): ChangeSet {
  const units = [...tl.unitIds()].sort();
  const rels = [...tl.allRelationships()].map((r) => r.id).sort();
  const u = units[o.a % units.length]!;
  const v = units[o.b % units.length]!;
  const r = rels[o.a % Math.max(1, rels.length)] ?? 'none';
  const at = addMs(START, o.day * DAY_MS);
  switch (o.type) {
    case 0:
      return updateUnit(tl, u, at, { name: `renamed ${n}`, personnel: { authorized: 10 + n, assigned: n } });
    case 1:
      return deactivateUnit(tl, u, at);
    case 2: {
      const kind = RELATIONSHIP_KINDS[o.b % RELATIONSHIP_KINDS.length]!;
      return startRelationship(tl, { ...rel(`p${n}`, kind, u, v), valid: { from: at, to: null } });
    }
    case 3:
      return endRelationship(tl, r, at);
    case 4:
      return changeRelationship(tl, r, at, { superiorId: v });
    case 5:
      return movePersonnel(tl, u, v, 1 + (o.b % 5), at);
    default:
      return createUnit(tl, { ...unit(`new${n}`, 'USA:ARMY', 'COMPANY'), valid: { from: at, to: null } });
  }
}

const tree = (node: TreeNode): unknown => [node.unit.id, node.via?.id ?? null, node.children.map(tree)];

/** Every query's answer on a timeline, for comparison. */
function answers(tl: ForceTimeline) {
  const ids = [...tl.unitIds()].sort();
  return {
    snapshot: snapshot(tl),
    queries: PROBES.map((at) => ({
      chains: ids.map((id) =>
        (['OPCON', 'TACON', 'ADCON', 'COCOM'] as const).map((k) => chainOfCommand(tl, id, k, at).map((l) => l.via?.id)),
      ),
      controllers: ids.map((id) => controllersAt(tl, id, at).map((c) => c.via.id)),
      forest: forest(tl, ['OPCON', 'COCOM', 'TACON'], at).map(tree),
    })),
  };
}

describe('projection', () => {
  it('answers every query as the structure with the change applied (stacked over several changes)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(op, { minLength: 1, maxLength: 5 }), (seed, ops) => {
        const force = generateForce({ units: 40, levels: 5, relationshipsPerUnit: 3, years: 4, seed });
        const structure = structureOf(force);
        const applied = structureOf(force);
        let projected: ForceTimeline = structure.timeline();
        ops.forEach((o, i) => {
          let change: ChangeSet;
          try {
            change = makeChange(projected, o, i);
          } catch (error) {
            if (isC2Error(error)) return; // an intent that does not fit this structure: operations refuse it
            throw error;
          }
          projected = i === 0 ? structure.project(change) : projectTimeline(projected, change);
          applied.apply(change, i + 2, addMs(d('2030-01-01'), i * DAY_MS));
        });
        expect(answers(projected)).toEqual(answers(applied.timeline()));
      }),
      { numRuns: 40 },
    );
  });
});
