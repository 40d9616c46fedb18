/**
 * A security label: classification (a level named in the policy file) plus releasability. Every record carries one
 * from the day it is written. The marking grammar, the policy and the access decision live beside this file.
 *
 * `releasableTo`: the nations (ISO 3166-1 alpha-3) and tetragraphs the record may be released to; `null` means no
 * releasability restriction (public, unclassified data). `NOFORN` is a caveat meaning "the originating nation only".
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
