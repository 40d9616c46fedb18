import { describe, expect, it } from 'vitest';
import { COMMAND_KINDS } from '../../../src/domain/command/relationship.js';
import { DEFAULT_DOCTRINE } from '../../../src/domain/command/settings.js';
import { validateForce } from '../../../src/domain/command/validate.js';
import { generateForce, mulberry32 } from '../../../src/domain/force/generate.js';
import { unitSliceViolations } from '../../../src/domain/force/validate-unit.js';
import { overlaps, within } from '../../../src/domain/time/interval.js';
import { structureOf } from './fixture.js';

describe('generateForce', () => {
  const force = generateForce({ units: 3000, levels: 7, relationshipsPerUnit: 3, years: 10, seed: 7 });
  const byId = new Map(force.units.map((u) => [u.id, u]));

  it('is deterministic from the seed', () => {
    expect(generateForce({ units: 300, seed: 7 })).toEqual(generateForce({ units: 300, seed: 7 }));
    expect(generateForce({ units: 300, seed: 8 })).not.toEqual(generateForce({ units: 300, seed: 7 }));
    const random = mulberry32(1);
    expect(Array.from({ length: 3 }, random)).toEqual(Array.from({ length: 3 }, mulberry32(1)));
  });

  it('has the asked size, both nations, six or more levels and valid slices', () => {
    expect(byId.size).toBe(3000);
    expect(force.relationships.length).toBeGreaterThan(3000 * 2.8);
    expect(force.relationships.length).toBeLessThan(3000 * 3.2);
    expect(new Set(force.units.map((u) => u.nation))).toEqual(new Set(['USA', 'JPN']));
    expect(new Set(force.units.map((u) => u.echelon)).size).toBeGreaterThanOrEqual(6);
    expect(force.units.flatMap(unitSliceViolations)).toEqual([]);
  });

  it('is doctrine-valid by construction (and by the doctrine rules)', () => {
    const spans = new Map<string, Array<{ from: string; to: string | null }>>();
    const lives = new Map<string, { from: string; to: string | null }>();
    for (const slice of force.units) {
      const life = lives.get(slice.id);
      lives.set(slice.id, {
        from: life && life.from < slice.valid.from ? life.from : slice.valid.from,
        to: slice.valid.to,
      });
    }
    for (const edge of force.relationships) {
      const superior = byId.get(edge.superiorId)!;
      const subordinate = byId.get(edge.subordinateId)!;
      expect(
        within(edge.valid, lives.get(edge.subordinateId)!) && within(edge.valid, lives.get(edge.superiorId)!),
      ).toBe(true);
      if ((COMMAND_KINDS as readonly string[]).includes(edge.kind) || edge.kind === 'ADCON') {
        expect(superior.nation).toBe(subordinate.nation);
      }
      if (edge.kind === 'ADCON') expect(superior.service).toBe(subordinate.service);
      if (edge.kind === 'OPCON' || edge.kind === 'TACON' || edge.kind === 'ADCON') {
        const key = `${edge.kind}:${edge.subordinateId}`;
        const others = spans.get(key) ?? [];
        expect(others.some((other) => overlaps(other, edge.valid))).toBe(false);
        spans.set(key, [...others, edge.valid]);
      }
    }
    const small = generateForce({ units: 1500, seed: 3 });
    expect(validateForce(structureOf(small).timeline(), DEFAULT_DOCTRINE)).toEqual([]);
    expect(new Set(force.relationships.map((r) => r.kind))).toEqual(
      new Set(['OPCON', 'COCOM', 'ADCON', 'TACON', 'SUPPORT', 'COORDINATION']),
    );
  });
});
