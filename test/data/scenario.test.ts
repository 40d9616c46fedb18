import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ms from 'milsymbol';
import { describe, expect, it } from 'vitest';
import { RELATIONSHIP_KINDS, type Relationship, SUPPORT_CATEGORIES } from '../../src/domain/command/relationship.js';
import type { ForceDocument } from '../../src/domain/force/document.js';
import { ECHELONS, UNIT_ROLES, type UnitSlice } from '../../src/domain/force/unit.js';
import { distanceKm } from '../../src/domain/geo/distance.js';
import { toInstant } from '../../src/domain/time/instant.js';
import { utcOffsetMinutes } from '../../src/domain/time/zones.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const doc = JSON.parse(readFileSync(path.join(repoRoot, 'data/scenarios/usfj-2024.json'), 'utf8')) as ForceDocument;
const slicesOf = (id: string) => doc.units.filter((u) => u.id === id);
const unitAt = (id: string, at: string) =>
  slicesOf(id).find((u) => u.valid.from <= at && (u.valid.to === null || at < u.valid.to));
const holds = (r: Relationship, at: string) => r.valid.from <= at && (r.valid.to === null || at < r.valid.to);
const COMMAND_KINDS = new Set(['COCOM', 'OPCON', 'TACON', 'ADCON']);
const ECHELON_CODES = ['11', '12', '13', '14', '15', '16', '17', '18', '21', '22', '23', '24', '25', '26'];

describe('demo scenario usfj-2024.json', () => {
  it('is an alliance-c2/force document for a parallel U.S.-Japan structure, of the planned size', () => {
    expect(doc.format).toBe('alliance-c2/force');
    expect(doc.version).toBe(1);
    expect(doc.alliance).toEqual({ structure: 'PARALLEL', nations: ['USA', 'JPN'] });
    const unitCount = new Set(doc.units.map((u) => u.id)).size;
    expect(unitCount).toBeGreaterThanOrEqual(40);
    expect(unitCount).toBeLessThanOrEqual(70);
    expect(doc.relationships.length).toBeGreaterThanOrEqual(60);
    expect(doc.relationships.length).toBeLessThanOrEqual(120);
  });

  it('is marked UNCLASSIFIED everywhere and says it is public-source', () => {
    expect(doc.marking).toBe('UNCLASSIFIED');
    expect(doc.meta.provenance).toMatch(/unclassified/i);
    expect(doc.meta.provenance).toMatch(/public sources/i);
    expect(doc.meta.provenance).toMatch(/notional where marked/i);
    const records = [...doc.units, ...doc.relationships, ...Object.values(doc.collections ?? {}).flat()];
    for (const record of records) {
      expect(record.label, record.id).toEqual({ classification: 'UNCLASSIFIED', releasableTo: null, caveats: [] });
    }
  });

  it('lists each public source once, with a title and URL', () => {
    const ids = (doc.meta.sources ?? []).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const source of doc.meta.sources ?? []) {
      expect(source.title.length, source.id).toBeGreaterThan(5);
      expect(source.url, source.id).toMatch(/^https?:\/\/\S+$/);
      if (source.date) expect(source.date, source.id).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
    }
  });

  it('gives every unit slice valid fields, a source or a notional note, and non-overlapping slices', () => {
    const sourceIds = new Set((doc.meta.sources ?? []).map((s) => s.id));
    for (const u of doc.units as UnitSlice[]) {
      expect(u.name && u.shortName, u.id).toBeTruthy();
      expect(['USA', 'JPN']).toContain(u.nation);
      expect(u.service.startsWith(`${u.nation}:`), u.id).toBe(true);
      expect(ECHELONS).toContain(u.echelon);
      for (const role of u.roles) expect(UNIT_ROLES).toContain(role);
      expect(toInstant(u.valid.from), u.id).toBe(u.valid.from);
      if (u.valid.to !== null) expect(u.valid.to > u.valid.from, u.id).toBe(true);
      for (const field of ['authorized', 'assigned'] as const) {
        const value = u.personnel[field];
        expect(value === null || (Number.isInteger(value) && value > 0), `${u.id} ${field}`).toBe(true);
      }
      if (u.personnel.assigned !== null || u.personnel.authorized !== null)
        expect(u.personnel.source, u.id).toBeTruthy();
      const sourced = (u.sources ?? []).length > 0 && (u.sources ?? []).every((s) => sourceIds.has(s));
      expect(sourced || /notional/i.test(u.notes ?? ''), `${u.id} has no source`).toBe(true);
      expect(u.homeStation, u.id).not.toBeNull();
      expect(() => utcOffsetMinutes(u.valid.from, u.homeStation!.timeZone!), u.id).not.toThrow();
    }
    for (const id of new Set(doc.units.map((u) => u.id))) {
      const slices = slicesOf(id).sort((a, b) => (a.valid.from < b.valid.from ? -1 : 1));
      for (let i = 1; i < slices.length; i += 1) expect(slices[i]!.valid.from, id).toBe(slices[i - 1]!.valid.to);
    }
  });

  it('uses well-formed friendly 2525D SIDCs that milsymbol draws, with echelons matching the unit', () => {
    for (const u of doc.units) {
      expect(u.sidc, u.id).toMatch(/^1003\d{16}$/);
      const symbolSet = u.sidc.slice(4, 6);
      expect(['01', '10', '30', '35'], u.id).toContain(symbolSet);
      const amplifier = u.sidc.slice(8, 10);
      if (symbolSet === '10') {
        expect(ECHELON_CODES[ECHELONS.indexOf(u.echelon)], u.id).toBe(amplifier);
        expect(['0', '2'], u.id).toContain(u.sidc[7]);
      } else {
        expect(u.sidc.slice(7, 10), `${u.id}: HQ/echelon amplifiers apply to land units only`).toBe('000');
      }
      const symbol = new ms.Symbol(u.sidc);
      expect(symbol.isValid(), `${u.id} ${u.sidc}`).toBe(true);
      expect(symbol.getMetadata().affiliation, u.id).toBe('Friend');
    }
  });

  it('has unique relationships with resolvable ends inside the units’ validity, and complete supports', () => {
    const ids = doc.relationships.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of doc.relationships) {
      expect(RELATIONSHIP_KINDS).toContain(r.kind);
      expect(r.basis.length, r.id).toBeGreaterThan(10);
      expect(r.superiorId).not.toBe(r.subordinateId);
      expect(toInstant(r.valid.from), r.id).toBe(r.valid.from);
      for (const end of [r.superiorId, r.subordinateId]) {
        expect(unitAt(end, r.valid.from), `${r.id}: ${end} exists at start`).toBeDefined();
        const last = slicesOf(end).reduce(
          (max, s) => (s.valid.to === null || (max !== null && s.valid.to > max) ? s.valid.to : max),
          '' as string | null,
        );
        if (last !== null) expect(r.valid.to !== null && r.valid.to <= last, `${r.id}: ${end} ends first`).toBe(true);
      }
      if (r.kind === 'SUPPORT') {
        expect(SUPPORT_CATEGORIES, r.id).toContain(r.supportCategory);
        expect(unitAt(r.establishedBy!, r.valid.from), r.id).toBeDefined();
      }
      if (r.transfer === 'ATTACHED') expect(r.basis, r.id).toMatch(/order/i);
    }
  });

  it('never runs command or ADCON across nations or ADCON across services', () => {
    for (const r of doc.relationships.filter((x) => COMMAND_KINDS.has(x.kind))) {
      const superior = unitAt(r.superiorId, r.valid.from)!;
      const subordinate = unitAt(r.subordinateId, r.valid.from)!;
      expect(superior.nation, r.id).toBe(subordinate.nation);
      if (r.kind === 'ADCON') expect(superior.service, r.id).toBe(subordinate.service);
      if (r.kind === 'COCOM') expect(superior.roles, r.id).toContain('COMBATANT_COMMAND');
    }
  });

  for (const at of ['2024-07-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z']) {
    it(`traces every U.S. force to INDOPACOM through one command superior at a time (${at.slice(0, 10)})`, () => {
      const exempt = ['NATIONAL_COMMAND_AUTHORITY', 'COMBATANT_COMMAND', 'SERVICE_HQ', 'COORDINATION_BODY'];
      const commandUp = (id: string) =>
        doc.relationships.filter((r) => r.subordinateId === id && holds(r, at) && ['COCOM', 'OPCON'].includes(r.kind));
      const forces = [...new Set(doc.units.map((u) => u.id))]
        .map((id) => unitAt(id, at))
        .filter((u): u is UnitSlice => !!u && u.nation === 'USA' && !u.roles.some((role) => exempt.includes(role)));
      expect(forces.length).toBeGreaterThan(20);
      for (const force of forces) {
        let current = force.id;
        const path = [current];
        while (current !== 'indopacom') {
          const up = commandUp(current);
          expect(up.length, `${path.join(' <- ')}: command superiors`).toBe(1);
          current = up[0]!.superiorId;
          expect(path, 'cycle').not.toContain(current);
          path.push(current);
        }
        const cocom = doc.relationships.filter(
          (r) => r.kind === 'COCOM' && holds(r, at) && path.includes(r.subordinateId),
        );
        expect(cocom, `${force.id}: one assignment`).toHaveLength(1);
      }
    });
  }

  it('has Japan’s chain through the Joint Staff in 2024 and through the JJOC from 24 March 2025', () => {
    const opconOver = (id: string, at: string) =>
      doc.relationships
        .filter((r) => r.kind === 'OPCON' && r.subordinateId === id && holds(r, at))
        .map((r) => r.superiorId);
    expect(unitAt('jjoc', '2024-12-31T00:00:00.000Z')).toBeUndefined();
    expect(unitAt('jjoc', '2025-03-24T00:00:00.000Z')?.personnel.assigned).toBe(240);
    for (const component of ['gcc', 'sdf-fleet', 'adc']) {
      expect(opconOver(component, '2024-07-01T00:00:00.000Z')).toEqual(['jp-js']);
      expect(opconOver(component, '2025-03-24T00:00:00.000Z')).toEqual(['jjoc']);
    }
    expect(unitAt('12mlr', '2023-11-14T00:00:00.000Z')?.name).toBe('12th Marine Regiment');
    expect(unitAt('12mlr', '2024-01-01T00:00:00.000Z')?.name).toBe('12th Marine Littoral Regiment');
  });

  it('puts USFJ (Yokota) 6,000-6,700 km from INDOPACOM (Camp H. M. Smith)', () => {
    const usfj = slicesOf('usfj')[0]!.homeStation!;
    const indopacom = slicesOf('indopacom')[0]!.homeStation!;
    const km = distanceKm(usfj, indopacom);
    expect(km).toBeGreaterThan(6000);
    expect(km).toBeLessThan(6700);
  });
});
