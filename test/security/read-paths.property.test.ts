import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Relationship } from '../../src/domain/command/relationship.js';
import { DEFAULT_DOCTRINE } from '../../src/domain/command/settings.js';
import { C2Error } from '../../src/domain/errors.js';
import type { UnitSlice } from '../../src/domain/force/unit.js';
import { canRead } from '../../src/domain/security/access.js';
import { DEFAULT_POLICY } from '../../src/domain/security/default-policy.js';
import type { SecurityLabel } from '../../src/domain/security/label.js';
import { addMs, DAY_MS } from '../../src/domain/time/instant.js';
import { type Actor, SYSTEM_ACTOR } from '../../src/services/actor.js';
import { createServices, type Services } from '../../src/services/index.js';
import { MemoryBus } from '../../src/bus/memory/index.js';
import { openTrackStore } from '../../src/store/open-tracks.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { labelArb, personArb } from '../domain/security/arbitraries.js';

/**
 * The bar: for generated users, labels and forces, no read path (list, search, detail, chain, tree, forest,
 * diff, history, validate, export) lets a record the user may not read show through: not its id (when no version of
 * it is readable), not its name, not its basis; not through placeholders, counts, error messages or ordering.
 */

const T0 = '2025-01-01T00:00:00.000Z';
const day = (n: number) => addMs(T0, n * DAY_MS);
const CHANGE_DAY = 20;
const AT = [day(5), day(CHANGE_DAY + 5)];
const pad = (n: number) => String(n).padStart(3, '0');

interface Force {
  units: UnitSlice[];
  relationships: Relationship[];
}

/** Units u000… with one or two slices (renamed and relabelled on day 20), in a tree of OPCON/TACON/ADCON edges. */
const forceArb: fc.Arbitrary<Force> = fc
  .array(
    fc.record({ nation: fc.constantFrom('USA', 'JPN'), labels: fc.array(labelArb, { minLength: 1, maxLength: 2 }) }),
    {
      minLength: 2,
      maxLength: 9,
    },
  )
  .chain((specs) =>
    fc
      .tuple(
        ...specs.map((_, i) =>
          fc.record({
            parent: fc.nat({ max: Math.max(0, i - 1) }),
            kind: fc.constantFrom('OPCON', 'TACON', 'ADCON' as const),
            label: labelArb,
            from: fc.constantFrom(0, 10),
            to: fc.constantFrom(null, 15, 30),
          }),
        ),
      )
      .map((edges) => {
        const units = specs.flatMap((spec, i) =>
          spec.labels.map((label, s): UnitSlice => {
            const id = `u${pad(i)}`;
            const valid =
              spec.labels.length === 1
                ? { from: day(0), to: null }
                : s === 0
                  ? { from: day(0), to: day(CHANGE_DAY) }
                  : { from: day(CHANGE_DAY), to: null };
            return {
              id,
              name: `name-${id}-s${s}`,
              shortName: `short-${id}-s${s}`,
              nation: spec.nation,
              service: `${spec.nation}:JOINT`,
              echelon: 'COMMAND',
              sidc: '10031000001211000000',
              homeStation: null,
              personnel: { authorized: null, assigned: null },
              roles: [],
              valid,
              label,
            };
          }),
        );
        const relationships = edges.slice(1).map((edge, k): Relationship => {
          const i = k + 1;
          return {
            id: `r${pad(i)}`,
            kind: edge.kind,
            superiorId: `u${pad(edge.parent)}`,
            subordinateId: `u${pad(i)}`,
            valid: { from: day(edge.from), to: edge.to === null ? null : day(edge.to) },
            basis: `basis-r${pad(i)}`,
            label: edge.label,
          };
        });
        return { units, relationships };
      }),
  );

const actorArb: fc.Arbitrary<Actor> = personArb.map((person) => ({ ...person, name: 'tester', roles: ['viewer'] }));

async function servicesFor(force: Force): Promise<Services> {
  const store = new SqliteStore(':memory:');
  await store.migrate();
  // Straight into the store: generated forces need not satisfy doctrine, and the read paths must hold regardless.
  await store.commit(
    {
      retireUnitSlices: [],
      retireRelationships: [],
      insertUnitSlices: force.units,
      insertRelationships: force.relationships,
    },
    { actor: 'system', at: day(40), summary: 'generated force' },
  );
  const tracks = openTrackStore(store);
  await tracks.migrate();
  return createServices({
    store,
    tracks,
    bus: new MemoryBus(),
    clock: { now: () => day(41) },
    doctrine: DEFAULT_DOCTRINE,
    policy: DEFAULT_POLICY,
  });
}

/** Every way a read path could answer, as text, with errors reduced to code and message. */
function attempt(read: () => unknown): { text: string; error?: C2Error } {
  try {
    return { text: JSON.stringify(read()) };
  } catch (error) {
    if (!(error instanceof C2Error)) throw error;
    return { text: `${error.code} ${error.message} ${JSON.stringify(error.violations)}`, error };
  }
}

describe('no read path shows what the reader may not read', () => {
  it('holds for generated users, labels and forces', async () => {
    await fc.assert(
      fc.asyncProperty(forceArb, fc.array(actorArb, { minLength: 1, maxLength: 3 }), async (force, actors) => {
        const services = await servicesFor(force);
        try {
          for (const actor of actors) check(services, force, actor);
        } finally {
          await services.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});

function check(services: Services, force: Force, actor: Actor) {
  const { force: service } = services;
  const can = (label: SecurityLabel) => canRead(actor, label, DEFAULT_POLICY);
  const ids = [...new Set(force.units.map((u) => u.id))];
  const hiddenUnits = ids.filter((id) => !force.units.some((u) => u.id === id && can(u.label)));
  const secrets = [
    ...hiddenUnits.map((id) => `"${id}"`),
    ...force.units.filter((u) => !can(u.label)).flatMap((u) => [u.name, u.shortName]),
    ...force.relationships.filter((r) => !can(r.label)).flatMap((r) => [`"${r.id}"`, r.basis]),
  ];
  const leaks = (text: string, where: string) => {
    for (const secret of secrets) expect(text.includes(secret), `${where} shows ${secret}`).toBe(false);
  };

  const outputs: Array<[string, () => unknown]> = [
    ['forest', () => service.forest(actor, ['OPCON', 'TACON', 'ADCON'], { at: AT[0]! })],
    ['diff', () => service.diff(actor, AT[0]!, AT[1]!)],
    ['validate', () => service.validate(actor)],
    ['export', () => service.exportDocument(actor)],
  ];
  for (const at of AT) {
    // Counts and order: exactly the readable units, in the order everyone else sees them.
    const all = service.listUnits(SYSTEM_ACTOR, { at });
    const list = service.listUnits(actor, { at });
    expect(list.map((u) => u.id)).toEqual(all.filter((u) => can(u.label)).map((u) => u.id));
    const search = service.listUnits(actor, { at }, { q: 'name' });
    expect(search.map((u) => u.id)).toEqual(
      service
        .listUnits(SYSTEM_ACTOR, { at }, { q: 'name' })
        .filter((u) => can(u.label))
        .map((u) => u.id),
    );
    outputs.push(['list', () => list], ['search', () => search]);
    for (const id of ids) {
      outputs.push(
        [`detail ${id}`, () => service.detail(actor, id, { at })],
        [`chain ${id}`, () => service.chain(actor, id, 'OPCON', { at })],
        [`tree ${id}`, () => service.subtree(actor, id, ['OPCON', 'TACON', 'ADCON'], { at })],
      );
    }
  }
  for (const id of ids) outputs.push([`history ${id}`, () => service.history(actor, id)]);

  const missing = attempt(() => service.detail(actor, 'u999', { at: AT[0]! }));
  const missingHistory = attempt(() => service.history(actor, 'u999'));
  for (const [where, read] of outputs) {
    const answer = attempt(read);
    leaks(answer.text, where);
    // A unit the reader may not read at all answers exactly as one that does not exist.
    const id = where.split(' ')[1];
    if (id && hiddenUnits.includes(id) && (where.startsWith('detail') || where.startsWith('history'))) {
      const expected = where.startsWith('detail') ? missing : missingHistory;
      expect(answer.error?.code, where).toBe('C2_NOT_FOUND');
      expect(answer.text.replaceAll(id, 'ID')).toBe(expected.text.replaceAll('u999', 'ID'));
    }
  }
}
