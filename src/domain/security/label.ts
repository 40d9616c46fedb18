/**
 * A security label: classification (a level named in the policy file) plus releasability. Every record carries one
 * from the day it is written. The marking grammar, the policy and the access decision live beside this file.
 *
 * `releasableTo`: the nations (ISO 3166-1 alpha-3) and tetragraphs the record may be released to, in canonical order
 * (the policy's originator first, then trigraphs, then tetragraphs, each alphabetical). `null` means the marking carries
 * no REL TO: at the policy's lowest level that is public data anyone may read; at any classified level no foreign
 * disclosure has been decided, so only the originating nation reads it (as NOFORN, but without the caveat).
 * `caveats`: canonical caveat names in policy order; `NOFORN` means "the originating nation only" and never appears
 * with a REL TO list.
 */
export interface SecurityLabel {
  classification: string;
  releasableTo: string[] | null;
  caveats: string[];
}

/** The label of public-source data: everything in the demo scenario carries it. */
export const PUBLIC_UNCLASSIFIED: SecurityLabel = Object.freeze({
  classification: 'UNCLASSIFIED',
  releasableTo: null,
  caveats: [],
}) as SecurityLabel;
