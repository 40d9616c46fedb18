import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertCanWrite,
  canRead,
  canWrite,
  decideRead,
  filterReadable,
  isWithheld,
  type Person,
  readOrWithhold,
} from '../../../src/domain/security/access.js';
import { canonicalLabel } from '../../../src/domain/security/canonical.js';
import { DEFAULT_POLICY as policy } from '../../../src/domain/security/default-policy.js';
import { PUBLIC_UNCLASSIFIED } from '../../../src/domain/security/label.js';
import { dominates, rollUp } from '../../../src/domain/security/lattice.js';
import { parseMarking, renderBanner } from '../../../src/domain/security/marking.js';
import { labelArb, levels, NOFORN, personArb } from './arbitraries.js';

const person = (nation: string, clearance: string, caveats: string[] = []): Person => ({
  id: `${nation}-${clearance}`,
  nation,
  clearance,
  caveats,
  roles: [],
});
const m = (text: string) => parseMarking(text, policy);
const banner = (texts: string[]) => renderBanner(rollUp(texts.map(m), policy), policy);

describe('access decisions', () => {
  const usSecret = person('USA', 'SECRET');
  const jpSecret = person('JPN', 'SECRET');
  const gbTopSecret = person('GBR', 'TOP SECRET');

  it('lets anyone read public unclassified data', () => {
    expect(canRead(person('PHL', 'UNCLASSIFIED'), PUBLIC_UNCLASSIFIED, policy)).toBe(true);
  });

  it('needs clearance at or above the classification', () => {
    expect(canRead(usSecret, m('SECRET'), policy)).toBe(true);
    expect(decideRead(usSecret, m('TOP SECRET//NOFORN'), policy)).toMatchObject({
      allowed: false,
      reason: 'CLEARANCE',
    });
  });

  it('needs the nation in REL TO, directly or through a tetragraph', () => {
    expect(canRead(jpSecret, m('SECRET//REL TO USA, JPN'), policy)).toBe(true);
    expect(decideRead(jpSecret, m('SECRET//REL TO USA, FVEY'), policy)).toMatchObject({ reason: 'RELEASABILITY' });
    expect(canRead(gbTopSecret, m('SECRET//REL TO USA, FVEY'), policy)).toBe(true);
    expect(canRead(person('DEU', 'SECRET'), m('SECRET//REL TO USA, NATO'), policy)).toBe(true);
  });

  it('keeps NOFORN and classified records without REL TO to the originating nation', () => {
    for (const text of ['SECRET//NOFORN', 'SECRET', 'UNCLASSIFIED//NOFORN']) {
      expect(canRead(usSecret, m(text), policy)).toBe(true);
      expect(decideRead(jpSecret, m(text), policy)).toMatchObject({ reason: 'RELEASABILITY' });
    }
  });

  it('needs every ACCESS caveat held; ORCON does not change who reads', () => {
    const label = m('SECRET//PLANS/CYBER//REL TO USA, JPN');
    expect(decideRead(person('JPN', 'SECRET', ['PLANS']), label, policy)).toMatchObject({
      reason: 'ACCESS',
      message: 'not read in to CYBER',
    });
    expect(canRead(person('JPN', 'SECRET', ['CYBER', 'PLANS']), label, policy)).toBe(true);
    expect(canRead(jpSecret, m('SECRET//ORCON/REL TO USA, JPN'), policy)).toBe(true);
  });

  it('denies a label the policy does not know instead of guessing', () => {
    const label = { classification: 'SECRET', releasableTo: null, caveats: ['EXDIS'] };
    expect(decideRead(usSecret, label, policy)).toMatchObject({ allowed: false, reason: 'UNKNOWN_MARKING' });
  });

  it('writes only labels the writer could read', () => {
    expect(canWrite(usSecret, m('SECRET//REL TO USA, JPN'), policy)).toBe(true);
    expect(canWrite(jpSecret, m('SECRET'), policy)).toBe(false);
    expect(() => assertCanWrite(usSecret, m('TOP SECRET//NOFORN'), policy)).toThrow(
      expect.objectContaining({ code: 'C2_LABEL_ABOVE_CLEARANCE' }),
    );
    expect(() => assertCanWrite(jpSecret, m('SECRET//NOFORN'), policy)).toThrow(
      expect.objectContaining({ code: 'C2_FORBIDDEN' }),
    );
  });

  it('filters a list and stands a placeholder in that says nothing of the record', () => {
    const records = [
      { id: 'a', name: 'Alpha', label: m('SECRET//REL TO USA, JPN') },
      { id: 'b', name: 'Bravo', label: m('SECRET//NOFORN') },
    ];
    expect(filterReadable(jpSecret, records, (r) => r.label, policy).map((r) => r.id)).toEqual(['a']);
    const hidden = readOrWithhold(jpSecret, records[1]!, (r) => r.label, policy);
    expect(hidden).toEqual({ withheld: true });
    expect(isWithheld(hidden)).toBe(true);
    expect(
      readOrWithhold(
        jpSecret,
        records[1]!,
        (r) => r.label,
        policy,
        (r) => r.id,
      ),
    ).toEqual({ withheld: true, ref: 'b' });
    expect(readOrWithhold(usSecret, records[1]!, (r) => r.label, policy)).toBe(records[1]);
  });
});

describe('roll-up (a view banner)', () => {
  it.each([
    [[], 'UNCLASSIFIED'],
    [['UNCLASSIFIED', 'SECRET//REL TO USA, JPN'], 'SECRET//REL TO USA, JPN'],
    [['CONFIDENTIAL//REL TO USA, JPN, GBR', 'SECRET//REL TO USA, JPN'], 'SECRET//REL TO USA, JPN'],
    [['SECRET//REL TO USA, JPN', 'SECRET//REL TO USA, GBR'], 'SECRET//NOFORN'],
    [['SECRET//REL TO USA, JPN', 'TOP SECRET//NOFORN'], 'TOP SECRET//NOFORN'],
    [['SECRET//REL TO USA, JPN', 'SECRET'], 'SECRET//NOFORN'],
    [['SECRET', 'CONFIDENTIAL'], 'SECRET'],
    [['SECRET//REL TO USA, FVEY', 'SECRET//REL TO USA, FVEY, JPN'], 'SECRET//REL TO USA, FVEY'],
    [['SECRET//REL TO USA, FVEY', 'SECRET//REL TO USA, GBR, JPN'], 'SECRET//REL TO USA, GBR'],
    [['SECRET//REL TO USA, FVEY', 'SECRET//REL TO USA, NATO'], 'SECRET//REL TO USA, CAN, GBR'],
    [['SECRET//PLANS//REL TO USA, JPN', 'CONFIDENTIAL//ORCON/REL TO USA, JPN'], 'SECRET//PLANS//ORCON/REL TO USA, JPN'],
  ])('rolls %j up to %s', (texts, expected) => {
    expect(banner(texts)).toBe(expected);
  });

  it('dominates: higher or equal in every term', () => {
    expect(dominates(m('TOP SECRET//NOFORN'), m('SECRET//REL TO USA, JPN'), policy)).toBe(true);
    expect(dominates(m('SECRET//REL TO USA, JPN'), m('TOP SECRET//NOFORN'), policy)).toBe(false);
    expect(dominates(m('SECRET'), m('SECRET//NOFORN'), policy)).toBe(true);
    expect(dominates(m('SECRET//REL TO USA, FVEY'), m('SECRET//REL TO USA, GBR'), policy)).toBe(false);
  });
});

describe('access properties', () => {
  const runs = { numRuns: 400 };

  it('raising clearance never loses access', () => {
    fc.assert(
      fc.property(personArb, labelArb, fc.nat(), (p, label, step) => {
        const higher = levels[Math.min(levels.length - 1, levels.indexOf(p.clearance) + (step % levels.length))]!;
        if (canRead(p, label, policy)) expect(canRead({ ...p, clearance: higher }, label, policy)).toBe(true);
      }),
      runs,
    );
  });

  it('narrowing releasability never gains readers', () => {
    fc.assert(
      fc.property(personArb, labelArb, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (p, label, keep) => {
        fc.pre(label.releasableTo !== null);
        const foreign = label.releasableTo!.filter((code) => code !== 'USA').filter((_, i) => keep[i]);
        const narrower =
          foreign.length > 0
            ? canonicalLabel({ ...label, releasableTo: ['USA', ...foreign] }, policy)
            : { ...label, releasableTo: null, caveats: [...label.caveats, NOFORN] };
        if (canRead(p, narrower, policy)) expect(canRead(p, label, policy)).toBe(true);
        expect(dominates(narrower, label, policy)).toBe(true);
      }),
      runs,
    );
  });

  it('the roll-up is canonical, dominates every input and is readable by exactly those who read them all', () => {
    fc.assert(
      fc.property(fc.array(labelArb, { maxLength: 5 }), personArb, (labels, p) => {
        const top = rollUp(labels, policy);
        expect(canonicalLabel(top, policy)).toEqual(top);
        for (const label of labels) expect(dominates(top, label, policy)).toBe(true);
        expect(canRead(p, top, policy)).toBe(labels.every((label) => canRead(p, label, policy)));
      }),
      runs,
    );
  });

  it('readers of a dominating label can read the dominated one', () => {
    fc.assert(
      fc.property(labelArb, labelArb, personArb, (a, b, p) => {
        if (dominates(a, b, policy) && canRead(p, a, policy)) expect(canRead(p, b, policy)).toBe(true);
      }),
      runs,
    );
  });
});
