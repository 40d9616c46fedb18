import type { Instant } from '../../time/instant.js';
import { contains } from '../../time/interval.js';
import type { Relationship } from '../relationship.js';
import { OPCON_RANK, RANK } from './chain.js';
import { type Rule, type RuleContext, hasRole } from './context.js';
import { spanText, unitText, violation } from './format.js';
import { eachRun } from './time.js';

/** The authority `grantorId` holds over the force of `e` through the force's command edges other than `e`. */
function authorityBesides(ctx: RuleContext, e: Relationship, grantorId: string, at: Instant): number {
  let best = 0;
  for (const f of ctx.tl.superiorEdges(e.subordinateId)) {
    const rank = RANK[f.kind];
    if (f.id === e.id || rank === undefined || !contains(f.valid, at)) continue;
    const through =
      f.superiorId === grantorId ? rank : Math.min(rank, ctx.chains.authorityAt(f.superiorId, at).get(grantorId) ?? 0);
    best = Math.max(best, through);
  }
  return best;
}

const isNca = (ctx: RuleContext, id: string, at: Instant) =>
  hasRole(ctx.tl.unitAt(id, at), 'NATIONAL_COMMAND_AUTHORITY');

/** A named grantor must hold at least the authority it gives: only the NCA gives COCOM; OPCON needs OPCON or COCOM. */
function namedGrantor(ctx: RuleContext, e: Relationship) {
  const grantor = e.establishedBy!;
  const points = [
    ...ctx.chains.breakpoints([e.subordinateId, e.superiorId], e.valid),
    ...ctx.tl.unitSlices(grantor).map((s) => s.valid.from),
  ];
  eachRun(e.valid, points, (at) => {
    if (isNca(ctx, grantor, at)) return null;
    const held = e.kind === 'COCOM' ? 0 : authorityBesides(ctx, e, grantor, at);
    if (e.kind === 'OPCON' && held >= OPCON_RANK) return null;
    // An organic grant: no other tie to the force, but the grantor commands the new holder with OPCON or more.
    const commandsHolder = (ctx.chains.authorityAt(e.superiorId, at).get(grantor) ?? 0) >= OPCON_RANK;
    if (e.kind === 'OPCON' && held === 0 && commandsHolder) return null;
    const holds = held === 0 ? 'no command authority' : 'only TACON';
    return {
      key: `${held}`,
      build: (span) => {
        const who = unitText(ctx.tl, grantor, span.from);
        const why =
          e.kind === 'COCOM'
            ? `COCOM comes only from assignment by the national command authority, not from ${who}`
            : `its grantor ${who} holds ${holds} over the force and cannot give OPCON`;
        ctx.out.push(
          violation(
            'C2_AUTHORITY_WIDENS',
            `${e.kind} ${e.id} of ${unitText(ctx.tl, e.superiorId, span.from)} over ${unitText(ctx.tl, e.subordinateId, span.from)} during ${spanText(span)}: ${why}`,
            [e.subordinateId, e.superiorId],
            [e.id],
          ),
        );
      },
    };
  });
}

// JP 1: OPCON is inherent in COCOM and TACON in OPCON; a commander delegates only authority it holds, so authority
// narrows (COCOM > OPCON > TACON) on the way down and never widens. Who gave an edge is known only where it names its
// grantor (`establishedBy`); the structure alone cannot tell a lawful grant from above from one by a TACON holder.
export const authorityWidens: Rule = {
  code: 'C2_AUTHORITY_WIDENS',
  title: 'Authority never widens on the way down',
  doctrine: 'JP 1, command relationships: OPCON inherent in COCOM, TACON inherent in OPCON',
  check(ctx) {
    for (const e of ctx.edges) {
      if (e.superiorId !== e.subordinateId && (e.kind === 'COCOM' || e.kind === 'OPCON') && e.establishedBy)
        namedGrantor(ctx, e);
    }
  },
};
