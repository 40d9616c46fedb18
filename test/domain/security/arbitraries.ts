import fc from 'fast-check';
import type { Person } from '../../../src/domain/security/access.js';
import { sortCaveats, sortReleasable } from '../../../src/domain/security/canonical.js';
import { DEFAULT_POLICY as policy } from '../../../src/domain/security/default-policy.js';
import type { SecurityLabel } from '../../../src/domain/security/label.js';

/** Generators over the default policy, biased to a few nations so overlaps (and refusals) are common. */
export const levels = policy.levels.map((level) => level.name);
const accessCaveats = policy.caveats.filter((c) => c.kind === 'ACCESS').map((c) => c.name);
const handlingCaveats = policy.caveats.filter((c) => c.kind === 'HANDLING').map((c) => c.name);
export const NOFORN = policy.caveats.find((c) => c.kind === 'NOFORN')!.name;
export const foreignCodes = ['JPN', 'AUS', 'CAN', 'GBR', 'NZL', 'KOR', 'FRA', 'FVEY', 'ACGU', 'NATO'];
export const personNations = ['USA', 'JPN', 'AUS', 'CAN', 'GBR', 'NZL', 'KOR', 'FRA', 'DEU', 'PHL'];

export const labelArb: fc.Arbitrary<SecurityLabel> = fc
  .record({
    level: fc.constantFrom(...levels),
    access: fc.subarray(accessCaveats),
    handling: fc.subarray(handlingCaveats),
    release: fc.oneof(
      fc.constant<'none' | 'noforn'>('none'),
      fc.constant<'none' | 'noforn'>('noforn'),
      fc.uniqueArray(fc.constantFrom(...foreignCodes), { minLength: 1, maxLength: 4 }),
    ),
  })
  .map(({ level, access, handling, release }) => ({
    classification: level,
    releasableTo: Array.isArray(release) ? sortReleasable(policy, ['USA', ...release]) : null,
    caveats: sortCaveats(policy, [...access, ...handling, ...(release === 'noforn' ? [NOFORN] : [])]),
  }));

export const personArb: fc.Arbitrary<Person> = fc.record({
  id: fc.constant('p1'),
  nation: fc.constantFrom(...personNations),
  clearance: fc.constantFrom(...levels),
  caveats: fc.subarray(accessCaveats),
  roles: fc.constant([]),
});
