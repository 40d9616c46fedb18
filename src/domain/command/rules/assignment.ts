import type { ForceTimeline } from '../../force/timeline.js';
import type { UnitSlice } from '../../force/unit.js';
import type { Instant } from '../../time/instant.js';
import { contains } from '../../time/interval.js';
import { type Rule, type RuleContext, hasRole, isUS } from './context.js';
import { spanText, unitText, violation } from './format.js';
import { eachRun } from './time.js';

/**
 * Which U.S. units must be assigned: every force except the national command authority, the combatant commands
 * themselves, coordination bodies (no forces) and Service headquarters (Service-retained, they hold ADCON, not forces
 * "for" a combatant command).
 */
export function needsAssignment(slice: UnitSlice): boolean {
  return (
    isUS(slice) &&
    !['NATIONAL_COMMAND_AUTHORITY', 'COMBATANT_COMMAND', 'COORDINATION_BODY', 'SERVICE_HQ'].some((r) =>
      hasRole(slice, r as UnitSlice['roles'][number]),
    )
  );
}

/**
 * The combatant commands a unit is assigned to at `at`. The Forces for Unified Commands memo assigns forces, usually
 * at component level, so assignment is either direct (a COCOM edge on the unit) or inherited up the assignment chain:
 * ADCON and assigned (not ATTACHED) OPCON superiors, up to a COCOM edge or a combatant command. Attachment never
 * changes assignment; a Service HQ ends the walk (Service-retained, no combatant command above it by definition).
 */
export function assignedAt(tl: ForceTimeline, unitId: string, at: Instant) {
  const commands = new Set<string>();
  const via = new Set<string>();
  const seen = new Set([unitId]);
  const queue = [unitId];
  while (queue.length > 0) {
    for (const e of tl.superiorEdges(queue.pop()!)) {
      if (!contains(e.valid, at)) continue;
      if (e.kind === 'COCOM') {
        commands.add(e.superiorId);
        via.add(e.id);
        continue;
      }
      if (e.kind !== 'ADCON' && !(e.kind === 'OPCON' && e.transfer !== 'ATTACHED')) continue;
      if (seen.has(e.superiorId)) continue;
      seen.add(e.superiorId);
      const parent = tl.unitAt(e.superiorId, at);
      if (hasRole(parent, 'COMBATANT_COMMAND')) {
        commands.add(e.superiorId);
        via.add(e.id);
      } else if (!hasRole(parent, 'SERVICE_HQ') && !hasRole(parent, 'NATIONAL_COMMAND_AUTHORITY')) {
        queue.push(e.superiorId);
      }
    }
  }
  return { commands: [...commands].sort(), via: [...via].sort() };
}

/** Where the assignment walk above a unit can change: its ancestors' edges and their slices (roles). */
function assignmentPoints({ tl, chains }: RuleContext, unitId: string, span: UnitSlice['valid']) {
  const points = chains.breakpoints([unitId], span);
  for (const e of chains.edgesAbove(unitId)) {
    for (const s of tl.unitSlices(e.superiorId)) points.push(s.valid.from);
  }
  return points;
}

// JP 1 / Forces for Unified Commands: every U.S. force is assigned to exactly one combatant command at every instant.
export const assignment: Rule = {
  code: 'C2_COCOM_MISSING',
  alsoReports: ['C2_COCOM_DUPLICATE'],
  title: 'Every U.S. force is assigned to exactly one combatant command',
  doctrine: 'JP 1, assignment and COCOM; 10 USC 162(a) and the Forces for Unified Commands memorandum',
  check(ctx) {
    const { tl, subjects, out } = ctx;
    for (const unitId of subjects) {
      for (const slice of tl.unitSlices(unitId)) {
        if (!needsAssignment(slice)) continue;
        eachRun(slice.valid, assignmentPoints(ctx, unitId, slice.valid), (at) => {
          const { commands, via } = assignedAt(tl, unitId, at);
          if (commands.length === 1) return null;
          return {
            key: commands.join(','),
            build: (span) => {
              const who = unitText(tl, unitId, span.from);
              if (commands.length === 0) {
                out.push(
                  violation(
                    'C2_COCOM_MISSING',
                    `${who} has no COCOM edge and no ADCON or assigned-OPCON chain to a combatant command during ${spanText(span)}`,
                    [unitId],
                    via,
                  ),
                );
              } else {
                const names = commands.map((c) => unitText(tl, c, span.from)).join(' and ');
                out.push(
                  violation(
                    'C2_COCOM_DUPLICATE',
                    `${who} is assigned to ${names} during ${spanText(span)} (via ${via.join(', ')})`,
                    [unitId],
                    via,
                  ),
                );
              }
            },
          };
        });
      }
    }
  },
};
