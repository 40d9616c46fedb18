import type { ErrorCode } from '../../errors.js';
import type { ForceTimeline } from '../../force/timeline.js';
import type { Instant } from '../../time/instant.js';
import { contains } from '../../time/interval.js';
import type { Relationship } from '../relationship.js';
import { OPCON_RANK, type WalkMode } from './chain.js';
import type { Rule, RuleContext } from './context.js';
import { spanText, unitText, violation } from './format.js';
import { eachRun } from './time.js';

const MODE_RANKS: Record<WalkMode, ReadonlySet<string>> = {
  COMMAND: new Set(['COCOM', 'OPCON']),
  WITH_ADCON: new Set(['COCOM', 'OPCON', 'ADCON']),
  WITH_COORDINATION: new Set(['COCOM', 'OPCON', 'COORDINATION', 'DIRLAUTH']),
};

/** The force's direct OPCON/COCOM holders at `at` (in a wider mode, also its substitute "holders"). */
function holders(tl: ForceTimeline, unitId: string, at: Instant, mode: WalkMode) {
  return tl
    .superiorEdges(unitId)
    .filter((f) => MODE_RANKS[mode].has(f.kind) && contains(f.valid, at))
    .map((f) => f.superiorId)
    .sort();
}

/**
 * Whether TACON edge `e` (T over X) derives from the chain holding OPCON of X at `at`:
 * - with a named grantor (`establishedBy`): the grantor holds OPCON or COCOM of X, directly or as a superior of
 *   its holder (the grant may go to any command, e.g. a JFMCC's sorties TACON to the JFACC);
 * - without one, the grant is implied to come from X's OPCON (or, lacking one, COCOM) holder, so T must be that
 *   holder, above it in the chain, or beneath it in the command chain. A sibling of the holder is outside it.
 */
function derives(ctx: RuleContext, e: Relationship, at: Instant, mode: WalkMode): boolean {
  const { chains, tl } = ctx;
  const over = chains.authorityAt(e.subordinateId, at, mode);
  if (e.establishedBy) return (over.get(e.establishedBy) ?? 0) >= OPCON_RANK;
  if ((over.get(e.superiorId) ?? 0) >= OPCON_RANK) return true;
  const above = chains.authorityAt(e.superiorId, at, mode);
  return holders(tl, e.subordinateId, at, mode).some((h) => h === e.superiorId || above.has(h));
}

// JP 1, TACON: inherent in OPCON and delegated by the commander who holds OPCON; ADCON is not command and
// coordinating authority/DIRLAUTH confer no tasking, so neither can be the path a TACON grant comes down.
export const taconWithinOpcon: Rule = {
  code: 'C2_TACON_OUTSIDE_OPCON_CHAIN',
  alsoReports: ['C2_TACON_WITHOUT_OPCON_HOLDER', 'C2_ADCON_NOT_COMMAND', 'C2_COORDINATION_TASKING'],
  title: 'TACON is granted only within the chain that holds OPCON',
  doctrine:
    'JP 1, tactical control (inherent in OPCON); administrative control and coordinating authority are not command',
  check(ctx) {
    const { tl, edges, chains, out } = ctx;
    for (const e of edges) {
      if (e.kind !== 'TACON' || e.superiorId === e.subordinateId) continue;
      const points = chains.breakpoints([e.subordinateId, e.superiorId], e.valid);
      eachRun(e.valid, points, (at) => {
        if (derives(ctx, e, at, 'COMMAND')) return null;
        const owners = holders(tl, e.subordinateId, at, 'COMMAND');
        let code: ErrorCode = 'C2_TACON_OUTSIDE_OPCON_CHAIN';
        if (derives(ctx, e, at, 'WITH_ADCON')) code = 'C2_ADCON_NOT_COMMAND';
        else if (derives(ctx, e, at, 'WITH_COORDINATION')) code = 'C2_COORDINATION_TASKING';
        else if (owners.length === 0) code = 'C2_TACON_WITHOUT_OPCON_HOLDER';
        return {
          key: `${code}|${owners.join(',')}`,
          build: (span) => {
            const sub = unitText(tl, e.subordinateId, span.from);
            const sup = unitText(tl, e.superiorId, span.from);
            const grantor = e.establishedBy
              ? `its grantor ${unitText(tl, e.establishedBy, span.from)} holds no OPCON or COCOM of ${sub}`
              : `${sup} is neither ${sub}'s OPCON/COCOM holder (${owners.map((o) => unitText(tl, o, span.from)).join(', ') || 'none'}) nor beneath it in the command chain`;
            const why: Record<string, string> = {
              C2_ADCON_NOT_COMMAND: `${grantor}; only an ADCON link connects them, and ADCON is not command`,
              C2_COORDINATION_TASKING: `${grantor}; only a COORDINATION/DIRLAUTH link connects them, which confers no tasking`,
              C2_TACON_WITHOUT_OPCON_HOLDER: `${sub} has no OPCON or COCOM holder to derive TACON from`,
              C2_TACON_OUTSIDE_OPCON_CHAIN: grantor,
            };
            out.push(
              violation(
                code,
                `TACON ${e.id} of ${sup} over ${sub} during ${spanText(span)}: ${why[code]}`,
                [e.subordinateId, e.superiorId],
                [e.id],
              ),
            );
          },
        };
      });
    }
  },
};
