import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/security/default-policy.js';
import { parseMarking } from '../../src/domain/security/marking.js';
import { labelOfMarking, markingChoices } from '../../web/src/labels.js';

describe('markingChoices', () => {
  it('offers every level up to the clearance, REL TO the alliance, and NOFORN only to the policy’s own nation', () => {
    const us = markingChoices({ nation: 'USA', clearance: 'SECRET' }, ['USA', 'JPN']);
    expect(us).toEqual([
      'UNCLASSIFIED',
      'CONFIDENTIAL//REL TO USA, JPN',
      'CONFIDENTIAL//NOFORN',
      'SECRET//REL TO USA, JPN',
      'SECRET//NOFORN',
    ]);
    const jp = markingChoices({ nation: 'JPN', clearance: 'CONFIDENTIAL' }, ['USA', 'JPN']);
    expect(jp).toEqual(['UNCLASSIFIED', 'CONFIDENTIAL//REL TO USA, JPN']);
  });

  it('spells REL TO as the policy renders it, whatever order the nations come in, and parses back', () => {
    const choices = markingChoices({ nation: 'USA', clearance: 'TOP SECRET' }, ['JPN', 'USA']);
    expect(choices).toContain('TOP SECRET//REL TO USA, JPN');
    for (const marking of choices) expect(labelOfMarking(marking)).toEqual(parseMarking(marking, DEFAULT_POLICY));
  });
});
