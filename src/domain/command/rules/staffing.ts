import { DEFAULT_MAX_SPAN_OF_CONTROL } from '../settings.js';
import type { Rule } from './context.js';
import { hasRole, slicesOver } from './context.js';
import { spanText, unitText, violation } from './format.js';
import { eachRun, uncovered } from './time.js';
import { activeSuperiors } from './chain.js';

const COMMAND = new Set(['COCOM', 'OPCON', 'TACON']);

// JP 3-0, organizing the joint force: a commander's span of control is limited; beyond it, subordinate commands are
// formed. No doctrinal number exists, so the threshold is a setting and the finding a warning.
export const spanOfControl: Rule = {
  code: 'C2_SPAN_OF_CONTROL',
  title: 'Span of control stays within the set limit',
  doctrine: 'JP 3-0 and JP 1, span of control in organizing joint forces',
  check({ tl, settings, subjects, out }) {
    const limit = settings.maxSpanOfControl ?? DEFAULT_MAX_SPAN_OF_CONTROL;
    for (const unitId of subjects) {
      const edges = tl.subordinateEdges(unitId).filter((e) => COMMAND.has(e.kind));
      if (edges.length <= limit) continue;
      // Sweep line over starts (+1) and ends (-1); ends sort first at the same instant (half-open intervals).
      const events = edges.flatMap((e) => [
        { at: e.valid.from, d: 1 },
        ...(e.valid.to === null ? [] : [{ at: e.valid.to, d: -1 }]),
      ]);
      events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.d - b.d));
      let count = 0;
      let run: { from: string; peak: number } | null = null;
      const close = (to: string | null) => {
        if (!run) return;
        const span = { from: run.from, to };
        out.push(
          violation(
            'C2_SPAN_OF_CONTROL',
            `${unitText(tl, unitId, span.from)} directs up to ${run.peak} subordinate commands (limit ${limit}) during ${spanText(span)}`,
            [unitId],
            [],
            'warning',
          ),
        );
        run = null;
      };
      for (let i = 0; i < events.length; i++) {
        const ev = events[i]!;
        count += ev.d;
        if (events[i + 1]?.at === ev.at) continue;
        if (count > limit) {
          if (!run) run = { from: ev.at, peak: count };
          else run.peak = Math.max(run.peak, count);
        } else close(ev.at);
      }
      close(null);
    }
  },
};

// JP 1: OPCON is exercised "at any echelon at or below the level of combatant command": a holder with no COCOM or
// OPCON above it (and not itself a combatant command or national authority) holds authority from nowhere.
export const opconHolderAnchored: Rule = {
  code: 'C2_OPCON_HOLDER_UNANCHORED',
  title: 'An OPCON holder itself sits in a command chain',
  doctrine: 'JP 1, operational control (exercised at or below the level of combatant command)',
  check({ tl, edges, out }) {
    for (const e of edges) {
      if (e.kind !== 'OPCON' || e.superiorId === e.subordinateId) continue;
      const holder = e.superiorId;
      const above = tl.superiorEdges(holder).filter((f) => f.kind === 'COCOM' || f.kind === 'OPCON');
      if (
        uncovered(
          e.valid,
          above.map((f) => f.valid),
        ).length === 0
      )
        continue; // anchored throughout
      const points = [
        ...tl.superiorEdges(holder).flatMap((f) => [f.valid.from, ...(f.valid.to ? [f.valid.to] : [])]),
        ...slicesOver(tl, holder, e.valid).map((s) => s.span.from),
      ];
      eachRun(e.valid, points, (at) => {
        const slice = tl.unitAt(holder, at);
        if (slice?.nation.length !== 3) return null;
        if (hasRole(slice, 'COMBATANT_COMMAND') || hasRole(slice, 'NATIONAL_COMMAND_AUTHORITY')) return null;
        if (activeSuperiors(tl, holder, 'COCOM', at).length + activeSuperiors(tl, holder, 'OPCON', at).length > 0) {
          return null;
        }
        return {
          key: 'none',
          build: (span) =>
            out.push(
              violation(
                'C2_OPCON_HOLDER_UNANCHORED',
                `${unitText(tl, holder, span.from)} holds OPCON ${e.id} over ${unitText(tl, e.subordinateId, span.from)} during ${spanText(span)} but has no COCOM or OPCON superior itself`,
                [e.subordinateId, e.superiorId],
                [e.id],
                'warning',
              ),
            ),
        };
      });
    }
  },
};
