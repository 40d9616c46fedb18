import { describe, expect, it } from 'vitest';
import type { Relationship } from '../../../../src/domain/command/relationship.js';
import { affectedUnits, validateForce } from '../../../../src/domain/command/validate.js';
import type { UnitSlice } from '../../../../src/domain/force/unit.js';
import { ArrayTimeline, rel, unit } from './fixture.js';

/**
 * A generated lawful force: INDOPACOM, four components, then six subordinates per unit breadth-first to `size`
 * units; each holds OPCON from its parent in two intervals (a mid-year re-issue) and ADCON, and every tenth unit is
 * under TACON of a sibling for a season. About three relationship intervals per unit.
 */
function generate(size: number) {
  const units: UnitSlice[] = [
    unit('potus', 'USA', 'USA:JOINT', ['NATIONAL_COMMAND_AUTHORITY']),
    unit('indopacom', 'USA', 'USA:JOINT', ['COMBATANT_COMMAND']),
    unit('da', 'USA', 'USA:ARMY', ['SERVICE_HQ']),
  ];
  const rels: Relationship[] = [];
  const queue: string[] = [];
  for (let i = 0; i < 4; i++) {
    const id = `c${i}`;
    units.push(unit(id, 'USA', 'USA:ARMY', ['SERVICE_COMPONENT']));
    rels.push(rel(`${id}-cocom`, 'COCOM', 'indopacom', id), rel(`${id}-ad`, 'ADCON', 'da', id));
    queue.push(id);
  }
  let n = 0;
  while (units.length < size) {
    const parent = queue[n++]!;
    let previous: string | null = null;
    for (let k = 0; k < 6 && units.length < size; k++) {
      const id = `${parent}.${k}`;
      units.push(unit(id, 'USA', 'USA:ARMY'));
      rels.push(
        rel(`${id}-op1`, 'OPCON', parent, id, { to: '2025-07-01' }),
        rel(`${id}-op2`, 'OPCON', parent, id, { from: '2025-07-01' }),
        rel(`${id}-ad`, 'ADCON', parent, id),
      );
      if (previous && units.length % 10 === 0) {
        rels.push(rel(`${id}-tac`, 'TACON', previous, id, { from: '2025-03-01', to: '2025-05-01' }));
      }
      previous = id;
      queue.push(id);
    }
  }
  return { units, rels };
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}

describe('validation at scale', () => {
  it('validates 100,000 units and 300,000 relationship intervals in seconds; one change re-checks ≥20x faster', () => {
    const { units, rels } = generate(100_000);
    expect(rels.length).toBeGreaterThan(300_000);
    const settings = { structure: 'PARALLEL' as const, nations: ['USA', 'JPN'] };
    const before = new ArrayTimeline(units, rels);
    const [full, fullMs] = timed(() => validateForce(before, settings));
    expect(full).toEqual([]);

    // A battalion takes OPCON of a company that already has an OPCON holder: a typical one-relationship change.
    const change = {
      retireRelationships: [],
      insertRelationships: [rel('x-new', 'OPCON', 'c0.1.2.3.5', 'c0.1.2.3.4.5', { from: '2025-08-01' })],
      retireUnitSlices: [],
      insertUnitSlices: [],
    };
    const after = before.apply(change);
    const [found, incrementalMs] = timed(() =>
      validateForce(after, settings, { unitIds: affectedUnits(before, change) }),
    );
    expect(found.map((v) => v.code)).toContain('C2_OPCON_DUPLICATE');
    console.log(
      `full: ${units.length} units, ${rels.length} relationships in ${fullMs.toFixed(0)} ms; incremental ${incrementalMs.toFixed(1)} ms (${(fullMs / incrementalMs).toFixed(0)}x)`,
    );
    expect(fullMs).toBeLessThan(30_000); // ~5 s on an idle 2-core machine; the margin is for a shared one
    expect(fullMs / incrementalMs).toBeGreaterThanOrEqual(20);
  }, 90_000);
});
