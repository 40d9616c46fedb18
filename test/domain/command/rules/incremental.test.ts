import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RELATIONSHIP_KINDS, type Relationship } from '../../../../src/domain/command/relationship.js';
import type { DoctrineSettings } from '../../../../src/domain/command/settings.js';
import { affectedUnits, validateForce } from '../../../../src/domain/command/validate.js';
import type { ChangeSet } from '../../../../src/domain/force/change.js';
import type { UnitRole, UnitSlice } from '../../../../src/domain/force/unit.js';
import { ArrayTimeline, rel, unit } from './fixture.js';

const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const DATES = ['2025-01-01', '2025-02-01', '2025-04-01', '2025-06-01', '2025-09-01'];
const ROLES: UnitRole[][] = [[], [], [], ['COMBATANT_COMMAND'], ['SERVICE_HQ'], ['NATIONAL_COMMAND_AUTHORITY']];

const span = fc
  .tuple(fc.integer({ min: 0, max: DATES.length - 1 }), fc.integer({ min: 0, max: DATES.length }))
  .map(([i, j]) => ({ from: DATES[i]!, to: j > i && j < DATES.length ? DATES[j]! : null }));

const unitArb = (id: string) =>
  fc
    .record({
      nation: fc.constantFrom('USA', 'USA', 'JPN', 'NATO'),
      service: fc.constantFrom('ARMY', 'NAVY', 'JOINT'),
      roles: fc.constantFrom(...ROLES),
      name: fc.constantFrom('Alpha', 'Bravo'),
      span,
    })
    .map(
      (u): UnitSlice => ({
        ...unit(id, u.nation, `${u.nation}:${u.service}`, u.roles, u.span.from, u.span.to),
        name: `${u.name}-${id}`,
      }),
    );

const relArb = (id: string) =>
  fc
    .record({
      kind: fc.constantFrom(...RELATIONSHIP_KINDS),
      sup: fc.constantFrom(...IDS),
      sub: fc.constantFrom(...IDS),
      span,
      transfer: fc.constantFrom(undefined, 'ASSIGNED', 'ATTACHED'),
      supportCategory: fc.constantFrom(undefined, undefined, 'DIRECT'),
      establishedBy: fc.constantFrom(undefined, undefined, ...IDS),
      basis: fc.constantFrom('B1', 'CASE', ''),
    })
    .map(
      (r): Relationship =>
        rel(id, r.kind, r.sup, r.sub, {
          from: r.span.from,
          to: r.span.to,
          basis: r.basis,
          ...(r.transfer ? { transfer: r.transfer as 'ASSIGNED' | 'ATTACHED' } : {}),
          ...(r.supportCategory ? { supportCategory: 'DIRECT' as const } : {}),
          ...(r.establishedBy ? { establishedBy: r.establishedBy } : {}),
        }),
    );

const structure = fc.record({
  units: fc.tuple(...IDS.map(unitArb)),
  rels: fc.integer({ min: 0, max: 14 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => relArb(`r${i}`)))),
});

/** One random change: retire a relationship, insert one, replace one (same id), or replace a unit's slice. */
function changeArb(rels: readonly Relationship[], units: readonly UnitSlice[]): fc.Arbitrary<ChangeSet> {
  const none = { retireRelationships: [], insertRelationships: [], retireUnitSlices: [], insertUnitSlices: [] };
  const ids = rels.map((r) => r.id);
  const options: fc.Arbitrary<ChangeSet>[] = [relArb('new').map((r) => ({ ...none, insertRelationships: [r] }))];
  if (ids.length > 0) {
    const pick = fc.constantFrom(...ids);
    options.push(pick.map((id) => ({ ...none, retireRelationships: [id] })));
    options.push(
      fc
        .tuple(pick, relArb('x'))
        .map(([id, r]) => ({ ...none, retireRelationships: [id], insertRelationships: [{ ...r, id }] })),
    );
  }
  options.push(
    fc.constantFrom(...units).chain((old) =>
      unitArb(old.id).map((u) => ({
        ...none,
        retireUnitSlices: [{ id: old.id, validFrom: old.valid.from }],
        insertUnitSlices: [u],
      })),
    ),
  );
  return fc.oneof(...options);
}

const settingsArb = fc.constantFrom<DoctrineSettings>(
  { structure: 'PARALLEL', nations: ['USA', 'JPN'], maxSpanOfControl: 2 },
  { structure: 'LEAD_NATION', leadNation: 'JPN', nations: ['USA', 'JPN'], foreignOpconApprovals: ['CASE'] },
  { structure: 'INTEGRATED', nations: ['USA', 'JPN'], jointAdconAllowed: ['c'] },
);

describe('incremental validation', () => {
  it('reports, for a random change, exactly what full validation reports inside the affected scope', () => {
    const scenario = structure.chain((s) =>
      fc.record({ s: fc.constant(s), change: changeArb(s.rels, s.units), settings: settingsArb }),
    );
    fc.assert(
      fc.property(scenario, ({ s, change, settings }) => {
        const before = new ArrayTimeline(s.units, s.rels);
        const after = before.apply(change);
        const scope = affectedUnits(before, change);
        const inScope = (v: { units?: string[] }) => v.units?.some((u) => scope.has(u)) ?? false;
        const fullBefore = validateForce(before, settings);
        const fullAfter = validateForce(after, settings);
        const incremental = validateForce(after, settings, { unitIds: scope });
        // full(after) = full(before) − in-scope violations + incremental(after), split into its two halves:
        expect(incremental).toEqual(fullAfter.filter(inScope));
        expect(fullAfter.filter((v) => !inScope(v))).toEqual(fullBefore.filter((v) => !inScope(v)));
      }),
      { numRuns: 400 },
    );
  });
});
