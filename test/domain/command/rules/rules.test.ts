import { describe, expect, it } from 'vitest';
import type { Violation } from '../../../../src/domain/errors.js';
import type { Relationship } from '../../../../src/domain/command/relationship.js';
import type { UnitSlice } from '../../../../src/domain/force/unit.js';
import type { DoctrineSettings } from '../../../../src/domain/command/settings.js';
import { RULES, validateForce } from '../../../../src/domain/command/validate.js';
import { ERROR_CODES, type ErrorCode } from '../../../../src/domain/errors.js';
import { forceWith, rel, unit } from './fixture.js';

const PARALLEL: DoctrineSettings = { structure: 'PARALLEL', nations: ['USA', 'JPN'] };

function check(rels: Relationship[], units: UnitSlice[] = [], settings = PARALLEL): Violation[] {
  return validateForce(forceWith(rels, units), settings);
}

/** The one violation of `code`, asserting its message names the rule, the units (name and id) and the relationship. */
function only(found: Violation[], code: ErrorCode, unitIds: string[], relId?: string): Violation {
  const hits = found.filter((v) => v.code === code);
  expect(hits, JSON.stringify(found, null, 1)).toHaveLength(1);
  const v = hits[0]!;
  expect(v.message.startsWith(ERROR_CODES[code].title)).toBe(true);
  for (const id of unitIds) expect(v.message).toContain(`${id.toUpperCase()} (${id})`);
  if (relId) {
    expect(v.message).toContain(relId);
    expect(v.relationshipIds).toContain(relId);
  }
  expect(v.message).toMatch(/\d{4}-\d{2}-\d{2}\.\./);
  return v;
}

const codes = (found: Violation[]) => found.map((v) => v.code);

describe('the base force', () => {
  it('is lawful (so each test below isolates one breach)', () => {
    expect(check([])).toEqual([]);
  });
  it('lists every rule with a code, title and doctrine', () => {
    for (const r of RULES) expect(r.doctrine).toMatch(/JP|USC|integrity/);
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
  });
});

describe('1. no cycle in an authority chain', () => {
  it('rejects OPCON of a battalion over its own parent', () => {
    const v = only(check([rel('r-loop', 'OPCON', 'bn', 'usarj')]), 'C2_CHAIN_CYCLE', ['bn', 'usarj'], 'r-loop');
    expect(v.units?.sort()).toEqual(['bn', 'usarj']);
  });
  it('rejects a cycle mixing TACON and OPCON, and one in the ADCON chain', () => {
    const found = check([rel('r-t', 'TACON', 'co', 'usarj'), rel('r-a', 'ADCON', 'plt', 'bn')]);
    expect(found.filter((v) => v.code === 'C2_CHAIN_CYCLE')).toHaveLength(2);
  });
  it('accepts the same reversal once the original link has ended', () => {
    const ended = rel('r-bn-op', 'OPCON', 'usarj', 'bn', { to: '2025-06-01' });
    const found = validateForce(
      forceWith([]).apply({
        retireRelationships: ['r-bn-op'],
        insertRelationships: [ended, rel('r-rev', 'OPCON', 'bn', 'usarj', { from: '2025-06-01' })],
        retireUnitSlices: [],
        insertUnitSlices: [],
      }),
      PARALLEL,
    );
    expect(codes(found)).not.toContain('C2_CHAIN_CYCLE');
  });
});

describe('2. COCOM', () => {
  it('rejects COCOM held by a unit that is not a combatant command', () => {
    only(check([rel('r-x', 'COCOM', 'usarpac', 'co')]), 'C2_COCOM_NOT_COMBATANT_COMMAND', ['usarpac', 'co'], 'r-x');
  });
  it('rejects a combatant command under another’s COCOM, and COCOM by attachment', () => {
    const eucom = unit('eucom', 'USA', 'USA:JOINT', ['COMBATANT_COMMAND']);
    const found = check([rel('r-x', 'COCOM', 'indopacom', 'eucom')], [eucom]);
    only(found, 'C2_COCOM_DELEGATED', ['indopacom', 'eucom'], 'r-x');
    const attached = check([rel('r-y', 'COCOM', 'indopacom', 'bn', { transfer: 'ATTACHED' })]);
    expect(codes(attached)).toContain('C2_COCOM_DELEGATED');
  });
  it('rejects a U.S. unit with no path to a combatant command', () => {
    const lost = unit('lost', 'USA', 'USA:ARMY');
    const found = check([rel('r-lost', 'ADCON', 'da', 'lost')], [lost]);
    only(found, 'C2_COCOM_MISSING', ['lost']);
  });
  it('rejects a unit assigned to two combatant commands, naming both', () => {
    const eucom = unit('eucom', 'USA', 'USA:JOINT', ['COMBATANT_COMMAND']);
    const found = check([rel('r-e', 'COCOM', 'eucom', 'usarj', { from: '2025-03-01' })], [eucom]);
    const v = only(
      found.filter((f) => f.code === 'C2_COCOM_DUPLICATE' && f.units?.[0] === 'bn'),
      'C2_COCOM_DUPLICATE',
      ['bn', 'eucom', 'indopacom'],
    );
    expect(v.message).toContain('2025-03-01..');
  });
  it('accepts assignment inherited through the component, and keeps it through an attachment elsewhere', () => {
    const eucom = unit('eucom', 'USA', 'USA:JOINT', ['COMBATANT_COMMAND']);
    const jtf = unit('jtf', 'USA', 'USA:JOINT', ['JOINT_TASK_FORCE']);
    const base = forceWith(
      [rel('r-jtf', 'OPCON', 'eucom', 'jtf'), rel('r-jtf-ad', 'ADCON', 'da', 'jtf')],
      [eucom, jtf],
    );
    const attached = base.apply({
      retireRelationships: ['r-co-op'],
      insertRelationships: [
        rel('r-co-op', 'OPCON', 'bn', 'co', { to: '2025-05-01' }),
        rel('r-att', 'OPCON', 'jtf', 'co', { from: '2025-05-01', transfer: 'ATTACHED', basis: 'EUCOM EXORD 25-1' }),
      ],
      retireUnitSlices: [],
      insertUnitSlices: [],
    });
    // The company stays assigned to INDOPACOM through its ADCON chain; the JTF is assigned to EUCOM by assigned OPCON.
    expect(validateForce(attached, PARALLEL)).toEqual([]);
    const twice = attached.apply({
      retireRelationships: ['r-att'],
      insertRelationships: [rel('r-att', 'OPCON', 'jtf', 'co', { from: '2025-05-01', basis: 'EUCOM EXORD 25-1' })],
      retireUnitSlices: [],
      insertUnitSlices: [],
    });
    expect(codes(validateForce(twice, PARALLEL))).toContain('C2_COCOM_DUPLICATE');
  });
});

describe('3. one OPCON, one TACON, one ADCON superior at a time', () => {
  it('rejects two overlapping OPCON superiors', () => {
    const found = check([rel('r-2', 'OPCON', 'bn2', 'co', { from: '2025-04-01', to: '2025-05-01' })]);
    const v = only(found, 'C2_OPCON_DUPLICATE', ['co', 'bn', 'bn2'], 'r-2');
    expect(v.message).toContain('2025-04-01..2025-05-01');
  });
  it('rejects two ADCON superiors, and accepts OPCON that passes from one to the next', () => {
    expect(codes(check([rel('r-2', 'ADCON', 'bn2', 'co')]))).toContain('C2_ADCON_DUPLICATE');
    const handover = forceWith([]).apply({
      retireRelationships: ['r-co-op'],
      insertRelationships: [
        rel('r-co-op', 'OPCON', 'bn', 'co', { to: '2025-05-01' }),
        rel('r-next', 'OPCON', 'bn2', 'co', { from: '2025-05-01' }),
      ],
      retireUnitSlices: [],
      insertUnitSlices: [],
    });
    expect(codes(validateForce(handover, PARALLEL))).not.toContain('C2_OPCON_DUPLICATE');
  });
});

describe('4. TACON within the OPCON chain; authority never widens', () => {
  it('accepts TACON held by the OPCON holder’s superior, by a unit beneath the holder, or granted by a named holder', () => {
    expect(check([rel('r-t', 'TACON', 'usarj', 'co')])).toEqual([]);
    expect(check([rel('r-t', 'TACON', 'plt', 'co')])).toEqual([]);
    expect(check([rel('r-t', 'TACON', 'bn2', 'co', { establishedBy: 'usarj' })])).toEqual([]);
  });
  it('rejects TACON taken by a sibling of the OPCON holder', () => {
    only(check([rel('r-t', 'TACON', 'bn2', 'co')]), 'C2_TACON_OUTSIDE_OPCON_CHAIN', ['bn2', 'co', 'bn'], 'r-t');
  });
  it('rejects a named grantor that holds no OPCON of the force', () => {
    const found = check([rel('r-t', 'TACON', 'plt', 'co', { establishedBy: 'bn2' })]);
    only(found, 'C2_TACON_OUTSIDE_OPCON_CHAIN', ['plt', 'co', 'bn2'], 'r-t');
  });
  it('rejects TACON over a force with no OPCON or COCOM holder', () => {
    const x = unit('x', 'USA', 'USA:ARMY');
    const found = check(
      [rel('r-x-cocom', 'COCOM', 'indopacom', 'x', { to: '2025-02-01' }), rel('r-t', 'TACON', 'plt', 'x')],
      [x],
    );
    only(found, 'C2_TACON_WITHOUT_OPCON_HOLDER', ['plt', 'x'], 'r-t');
  });
  it('rejects OPCON given by a grantor that holds only TACON', () => {
    const found = check([
      rel('r-t', 'TACON', 'bn2', 'co', { establishedBy: 'usarj' }),
      rel('r-o', 'OPCON', 'plt', 'co', { establishedBy: 'bn2', from: '2025-03-01', to: '2025-04-01' }),
    ]);
    const v = only(found, 'C2_AUTHORITY_WIDENS', ['plt', 'co', 'bn2'], 'r-o');
    expect(v.message).toContain('holds only TACON');
    expect(v.message).toContain('2025-03-01..2025-04-01');
  });
  it('accepts OPCON given by a commander that holds it, and COCOM only from the national command authority', () => {
    const ok = forceWith([]).apply({
      retireRelationships: ['r-co-op'],
      insertRelationships: [rel('r-co-op', 'OPCON', 'bn', 'co', { establishedBy: 'usarpac' })],
      retireUnitSlices: [],
      insertUnitSlices: [],
    });
    expect(validateForce(ok, PARALLEL)).toEqual([]);
    const eucom = unit('eucom', 'USA', 'USA:JOINT', ['COMBATANT_COMMAND']);
    const byNca = check([rel('r-c', 'COCOM', 'eucom', 'bn2', { establishedBy: 'potus' })], [eucom]);
    expect(codes(byNca)).not.toContain('C2_AUTHORITY_WIDENS');
    const byOpcon = check([rel('r-c', 'COCOM', 'eucom', 'bn2', { establishedBy: 'usarj' })], [eucom]);
    only(byOpcon, 'C2_AUTHORITY_WIDENS', ['eucom', 'bn2', 'usarj'], 'r-c');
  });
});

describe('5. ADCON in the service chain, and not command', () => {
  it('rejects ADCON across services, across nations, and held by a joint HQ without a Service grant', () => {
    const ship = unit('ship', 'USA', 'USA:NAVY');
    only(check([rel('r-a', 'ADCON', 'usarj', 'ship')], [ship]), 'C2_ADCON_CROSSES_SERVICE', ['usarj', 'ship'], 'r-a');
    expect(codes(check([rel('r-a', 'ADCON', 'usarj', 'gcc')]))).toContain('C2_ADCON_CROSSES_SERVICE');
    const joint = check([rel('r-a', 'ADCON', 'usfj', 'bn2')]);
    expect(joint.find((v) => v.code === 'C2_ADCON_CROSSES_SERVICE')?.message).toContain('no Service gave it');
  });
  it('accepts a joint HQ’s ADCON where settings allow it', () => {
    const settings = { ...PARALLEL, jointAdconAllowed: ['usfj'] };
    const x = unit('x', 'USA', 'USA:ARMY');
    const found = check([rel('r-a', 'ADCON', 'usfj', 'x'), rel('r-o', 'OPCON', 'usfj', 'x')], [x], settings);
    expect(found).toEqual([]);
  });
  it('rejects a TACON grant whose only authority path is ADCON', () => {
    const x = unit('x', 'USA', 'USA:ARMY');
    const found = check([rel('r-x', 'ADCON', 'bn', 'x'), rel('r-t', 'TACON', 'plt', 'x')], [x]);
    only(found, 'C2_ADCON_NOT_COMMAND', ['plt', 'x'], 'r-t');
  });
});

describe('6. attachment', () => {
  it('rejects an attachment without its order or as ADCON', () => {
    const found = check([rel('r-a', 'TACON', 'usarj', 'co', { transfer: 'ATTACHED', basis: ' ' })]);
    only(found, 'C2_ATTACHMENT_INCOMPLETE', ['usarj', 'co'], 'r-a');
    expect(codes(check([rel('r-b', 'ADCON', 'bn2', 'co', { transfer: 'ATTACHED' })]))).toContain(
      'C2_ATTACHMENT_INCOMPLETE',
    );
  });
  it('accepts a TACON attachment by order', () => {
    expect(check([rel('r-a', 'TACON', 'usarj', 'co', { transfer: 'ATTACHED', basis: 'FRAGO 12' })])).toEqual([]);
  });
});

describe('7. support', () => {
  const lawful = { supportCategory: 'DIRECT' as const, establishedBy: 'usarj', basis: 'OPORD 5-25 annex C' };
  it('accepts support set by a common superior with directive and category', () => {
    expect(check([rel('r-s', 'SUPPORT', 'bn', 'bn2', lawful)])).toEqual([]);
  });
  it('rejects support without a category or establishing superior', () => {
    const found = check([rel('r-s', 'SUPPORT', 'bn', 'bn2', { basis: 'OPORD 5-25' })]);
    const v = only(found, 'C2_SUPPORT_INCOMPLETE', ['bn', 'bn2'], 'r-s');
    expect(v.message).toContain('category');
    expect(v.message).toContain('establishedBy');
  });
  it('rejects support set by a command that is not above both, as across parallel national chains', () => {
    only(
      check([rel('r-s', 'SUPPORT', 'bn', 'bn2', { ...lawful, establishedBy: 'bn' })]),
      'C2_SUPPORT_NOT_COMMON_SUPERIOR',
      ['bn', 'bn2'],
      'r-s',
    );
    const found = check([rel('r-s', 'SUPPORT', 'jjoc', 'usfj', { ...lawful, establishedBy: 'indopacom' })]);
    only(found, 'C2_SUPPORT_NOT_COMMON_SUPERIOR', ['jjoc', 'usfj', 'indopacom'], 'r-s');
  });
});

describe('8. coordination confers no tasking', () => {
  it('rejects COORDINATION or DIRLAUTH marked with a transfer or support category', () => {
    only(
      check([rel('r-c', 'COORDINATION', 'usfj', 'jjoc', { transfer: 'ATTACHED' })]),
      'C2_COORDINATION_TASKING',
      ['usfj', 'jjoc'],
      'r-c',
    );
    expect(codes(check([rel('r-d', 'DIRLAUTH', 'bn', 'bn2', { supportCategory: 'CLOSE' })]))).toContain(
      'C2_COORDINATION_TASKING',
    );
  });
  it('rejects a TACON grant whose only path is a coordination link', () => {
    const z = unit('z', 'USA', 'USA:ARMY');
    const found = check([rel('r-c', 'DIRLAUTH', 'bn', 'z'), rel('r-t', 'TACON', 'plt', 'z')], [z]);
    only(found, 'C2_COORDINATION_TASKING', ['plt', 'z'], 'r-t');
  });
  it('accepts DIRLAUTH between battalions', () => {
    expect(check([rel('r-d', 'DIRLAUTH', 'bn', 'bn2')])).toEqual([]);
  });
});

describe('9. alliance structure (U.S.–Japan parallel by default)', () => {
  it('rejects USFJ OPCON over a JGSDF unit under the parallel structure', () => {
    only(check([rel('r-x', 'OPCON', 'usfj', 'gcc')]), 'C2_CROSS_NATION_COMMAND', ['usfj', 'gcc'], 'r-x');
  });
  it('accepts USFJ coordination with the JJOC (the base force has it)', () => {
    expect(check([rel('r-dl', 'DIRLAUTH', 'usarj', 'gcc')])).toEqual([]);
  });
  it('lead nation: the lead nation’s commands may hold OPCON of others; U.S. forces need a case approval', () => {
    const lead: DoctrineSettings = { structure: 'LEAD_NATION', leadNation: 'JPN', nations: ['USA', 'JPN'] };
    const found = check([rel('r-x', 'OPCON', 'jjoc', 'bn2', { transfer: 'ATTACHED', basis: 'CASE-7' })], [], lead);
    only(found, 'C2_FOREIGN_OPCON_NOT_APPROVED', ['jjoc', 'bn2'], 'r-x');
    const approved = check([rel('r-x', 'OPCON', 'jjoc', 'bn2', { transfer: 'ATTACHED', basis: 'CASE-7' })], [], {
      ...lead,
      foreignOpconApprovals: ['CASE-7'],
    });
    expect(codes(approved).filter((c) => c !== 'C2_OPCON_DUPLICATE')).toEqual([]);
    expect(codes(check([rel('r-y', 'OPCON', 'usfj', 'gcc')], [], lead))).toContain('C2_CROSS_NATION_COMMAND');
  });
  it('integrated: a multinational HQ may hold OPCON, a national one may not', () => {
    const integrated: DoctrineSettings = { structure: 'INTEGRATED', nations: ['USA', 'JPN'] };
    const hq = unit('cjtf', 'NATO', 'NATO:JOINT', ['JOINT_TASK_FORCE']);
    expect(codes(check([rel('r-x', 'TACON', 'cjtf', 'gcc')], [hq], integrated))).not.toContain(
      'C2_CROSS_NATION_COMMAND',
    );
    expect(codes(check([rel('r-x', 'TACON', 'usfj', 'gcc')], [], integrated))).toContain('C2_CROSS_NATION_COMMAND');
  });
  it('rejects the national command authority as anyone’s subordinate', () => {
    only(check([rel('r-n', 'OPCON', 'indopacom', 'potus')]), 'C2_NCA_SUBORDINATED', ['indopacom', 'potus'], 'r-n');
  });
});

describe('10. relationships inside both units’ validity, never to self', () => {
  it('rejects a relationship that outlives its subordinate', () => {
    const short = unit('short', 'USA', 'USA:ARMY', [], '2025-01-01', '2025-06-01');
    const found = check(
      [rel('r-s', 'OPCON', 'bn', 'short'), rel('r-s-ad', 'ADCON', 'bn', 'short', { to: '2025-06-01' })],
      [short],
    );
    const v = only(found, 'C2_OUTSIDE_UNIT_VALIDITY', ['short', 'bn'], 'r-s');
    expect(v.message).toContain('during 2025-06-01..');
  });
  it('rejects a unit related to itself', () => {
    only(check([rel('r-self', 'DIRLAUTH', 'bn', 'bn')]), 'C2_SELF_RELATIONSHIP', ['bn'], 'r-self');
  });
});

describe('11. what a joint staff also expects (warnings)', () => {
  it('warns of a U.S. unit with no ADCON superior', () => {
    const x = unit('x', 'USA', 'USA:ARMY');
    const v = only(check([rel('r-x', 'OPCON', 'bn', 'x')], [x]), 'C2_ADCON_MISSING', ['x']);
    expect(v.severity).toBe('warning');
  });
  it('warns of an OPCON holder with no command above it', () => {
    const rogue = unit('rogue', 'USA', 'USA:ARMY');
    const found = check(
      [rel('r-r', 'ADCON', 'da', 'rogue'), rel('r-o', 'OPCON', 'rogue', 'co', { from: '2025-02-01' })],
      [rogue],
    );
    expect(found.find((v) => v.code === 'C2_OPCON_HOLDER_UNANCHORED')?.severity).toBe('warning');
  });
  it('warns when a span of control exceeds the limit, and only while it does', () => {
    const settings = { ...PARALLEL, maxSpanOfControl: 2 };
    const x = unit('x', 'USA', 'USA:ARMY');
    const found = check(
      [
        rel('r-x', 'OPCON', 'usarj', 'x', { from: '2025-02-01', to: '2025-03-01' }),
        rel('r-x-ad', 'ADCON', 'usarj', 'x'),
      ],
      [x],
      settings,
    );
    const v = only(found, 'C2_SPAN_OF_CONTROL', ['usarj']);
    expect(v.message).toContain('up to 3');
    expect(v.message).toContain('2025-02-01..2025-03-01');
    expect(v.severity).toBe('warning');
  });
});
