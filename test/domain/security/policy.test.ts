import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { C2Error } from '../../../src/domain/errors.js';
import { DEFAULT_POLICY } from '../../../src/domain/security/default-policy.js';
import { parsePolicy, rankOf } from '../../../src/domain/security/policy.js';

const file = path.resolve(import.meta.dirname, '../../../config/policy.json');
const raw = () => JSON.parse(readFileSync(file, 'utf8'));

function problemsOf(json: unknown): C2Error {
  try {
    parsePolicy(json, 'test.json');
  } catch (error) {
    return error as C2Error;
  }
  throw new Error('expected the policy to be refused');
}

describe('security policy', () => {
  it('loads config/policy.json with ordered levels, banner colours, nations and tetragraphs', () => {
    const policy = parsePolicy(raw(), file);
    expect(policy).toEqual(DEFAULT_POLICY);
    expect(policy.levels.map((l) => `${l.portion}:${l.colour.background}`)).toEqual([
      'U:#007A33',
      'C:#0033A0',
      'S:#C8102E',
      'TS:#FF8C00',
    ]);
    expect(rankOf(policy, 'TOP SECRET')).toBeGreaterThan(rankOf(policy, 'SECRET'));
    expect(rankOf(policy, 'RESTRICTED')).toBe(-1);
    expect(policy.nations.map((n) => n.code)).toEqual(expect.arrayContaining(['USA', 'JPN']));
    expect(policy.nations.find((n) => n.code === 'JPN')?.note).toMatch(/GSOMIA/);
    expect(policy.tetragraphs.find((t) => t.code === 'FVEY')?.members.sort()).toEqual([
      'AUS',
      'CAN',
      'GBR',
      'NZL',
      'USA',
    ]);
    expect(policy.tetragraphs.find((t) => t.code === 'NATO')?.members).toHaveLength(32);
  });

  it('names the field of each schema problem', () => {
    const json = raw();
    json.levels[2].colour.background = 'red';
    json.nations[1].code = 'jp';
    delete json.policyIdentifier;
    const error = problemsOf(json);
    expect(error.code).toBe('C2_BAD_POLICY');
    expect(error.message).toContain('test.json');
    expect(error.violations.map((v) => v.path)).toEqual(
      expect.arrayContaining(['levels[2].colour.background', 'nations[1].code', 'policyIdentifier']),
    );
    expect(error.message).toMatch(/levels\[2\]\.colour\.background: expected a colour as #RRGGBB/);
  });

  it('refuses an inconsistent policy: duplicates, unknown members, unknown originator, NOFORN missing', () => {
    const json = raw();
    json.levels[1].portion = 'S';
    json.tetragraphs[0].members.push('XYZ');
    json.originator = 'ATA';
    json.caveats = json.caveats.filter((c: { kind: string }) => c.kind !== 'NOFORN');
    const messages = problemsOf(json).violations.map((v) => `${v.path}: ${v.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'levels[2]: duplicate level portion mark "S"',
        'tetragraphs[0].members[4]: "XYZ" is not in nations',
        'originator: originator "ATA" is not in nations',
        'caveats: expected exactly one caveat of kind NOFORN, found 0',
      ]),
    );
  });

  it('refuses a caveat whose portion mark collides with another caveat name', () => {
    const json = raw();
    json.caveats[0].portion = 'ORCON';
    expect(problemsOf(json).message).toContain('duplicate caveat name or portion mark "ORCON"');
  });

  it('refuses unknown fields rather than ignoring a typo', () => {
    const json = raw();
    json.levels[0].colur = json.levels[0].colour;
    expect(problemsOf(json).violations[0]?.path).toBe('levels[0]');
  });
});
