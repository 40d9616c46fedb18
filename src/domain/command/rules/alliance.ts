import type { ForceTimeline } from '../../force/timeline.js';
import type { UnitSlice } from '../../force/unit.js';
import type { DoctrineSettings } from '../settings.js';
import { type Rule, hasRole, slicePairs } from './context.js';
import { spanText, unitText, violation } from './format.js';

/** A multinational HQ: a non-trigraph "nation" such as 'NATO', or one the settings name (e.g. a combined command). */
export function isMultinational(u: UnitSlice, settings: DoctrineSettings): boolean {
  return u.nation.length !== 3 || (settings.multinationalNations ?? []).includes(u.nation);
}

/** A fast path for the common case: both units keep one nation, the same, over all their slices. */
function sameNationThroughout(tl: ForceTimeline, a: string, b: string): boolean {
  const nation = tl.unitSlices(a)[0]?.nation;
  return [...tl.unitSlices(a), ...tl.unitSlices(b)].every((s) => s.nation === nation);
}

/** Why a command edge from `sup` over `sub` of another nation is unlawful under the settings, or null if lawful. */
function crossNationBreach(kind: string, sup: UnitSlice, settings: DoctrineSettings): string | null {
  if (kind === 'COCOM') return 'COCOM is a U.S. national authority and never crosses a national boundary';
  if (settings.structure === 'PARALLEL')
    return 'under a parallel structure each nation keeps command of its own forces; link nations by COORDINATION or DIRLAUTH';
  if (settings.structure === 'LEAD_NATION' && sup.nation !== settings.leadNation)
    return `under a lead-nation structure only the lead nation (${settings.leadNation ?? 'none set'}) commands other nations' forces`;
  if (settings.structure === 'INTEGRATED' && !isMultinational(sup, settings))
    return 'under an integrated structure only multinational HQs command other nations’ forces';
  return null;
}

// JP 3-16 (command structures: integrated, lead nation, parallel): national forces come under another nation's or a
// multinational commander only as the structure allows. Parallel: COORDINATION/DIRLAUTH only between nations (SUPPORT
// needs a common superior, which parallel chains lack; see C2_SUPPORT_NOT_COMMON_SUPERIOR). ADCON is C2_ADCON_CROSSES_SERVICE.
export const crossNationCommand: Rule = {
  code: 'C2_CROSS_NATION_COMMAND',
  title: 'Command crosses national boundaries only as the alliance structure allows',
  doctrine: 'JP 3-16, multinational command structures (integrated, lead nation, parallel)',
  check({ tl, settings, edges, out }) {
    for (const e of edges) {
      if (e.kind !== 'COCOM' && e.kind !== 'OPCON' && e.kind !== 'TACON') continue;
      if (sameNationThroughout(tl, e.superiorId, e.subordinateId)) continue;
      for (const { superior, subordinate, span } of slicePairs(tl, e)) {
        if (superior.nation === subordinate.nation) continue;
        const why = crossNationBreach(e.kind, superior, settings);
        if (!why) continue;
        out.push(
          violation(
            'C2_CROSS_NATION_COMMAND',
            `${e.kind} ${e.id} of ${unitText(tl, e.superiorId, span.from)} [${superior.nation}] over ${unitText(tl, e.subordinateId, span.from)} [${subordinate.nation}] during ${spanText(span)}: ${why}`,
            [e.subordinateId, e.superiorId],
            [e.id],
          ),
        );
      }
    }
  },
};

// JP 3-16, national command: the President never relinquishes command of U.S. forces; placing them under a foreign
// or multinational commander's OPCON is decided case by case, so each such order must be listed as approved.
export const foreignOpcon: Rule = {
  code: 'C2_FOREIGN_OPCON_NOT_APPROVED',
  title: 'U.S. forces under foreign OPCON only with a case approval',
  doctrine: 'JP 3-16, national command of U.S. forces; JP 1, multinational command relationships',
  check({ tl, settings, edges, out }) {
    if (settings.structure === 'PARALLEL') return; // reported as C2_CROSS_NATION_COMMAND already
    const approved = new Set(settings.foreignOpconApprovals ?? []);
    for (const e of edges) {
      if (e.kind !== 'OPCON' || approved.has(e.basis)) continue;
      for (const { superior, subordinate, span } of slicePairs(tl, e)) {
        if (subordinate.nation !== 'USA' || superior.nation === 'USA') continue;
        out.push(
          violation(
            'C2_FOREIGN_OPCON_NOT_APPROVED',
            `OPCON ${e.id} places ${unitText(tl, e.subordinateId, span.from)} under ${unitText(tl, e.superiorId, span.from)} [${superior.nation}] during ${spanText(span)} by order '${e.basis}', which is not in settings.foreignOpconApprovals`,
            [e.subordinateId, e.superiorId],
            [e.id],
          ),
        );
      }
    }
  },
};

// JP 3-16 / JP 1: the national command authority heads its national chain; it is never anyone's subordinate.
export const ncaNotSubordinate: Rule = {
  code: 'C2_NCA_SUBORDINATED',
  title: 'The national command authority is never a subordinate',
  doctrine: 'JP 1, national strategic direction (President and SecDef); JP 3-16, national command',
  check({ tl, edges, out }) {
    for (const e of edges) {
      if (e.kind === 'COORDINATION' || e.kind === 'DIRLAUTH') continue;
      if (!tl.unitSlices(e.subordinateId).some((u) => hasRole(u, 'NATIONAL_COMMAND_AUTHORITY'))) continue;
      for (const { subordinate, span } of slicePairs(tl, e)) {
        if (!hasRole(subordinate, 'NATIONAL_COMMAND_AUTHORITY')) continue;
        out.push(
          violation(
            'C2_NCA_SUBORDINATED',
            `${e.kind} ${e.id} places national command authority ${unitText(tl, e.subordinateId, span.from)} under ${unitText(tl, e.superiorId, span.from)} during ${spanText(span)}`,
            [e.subordinateId, e.superiorId],
            [e.id],
          ),
        );
      }
    }
  },
};
