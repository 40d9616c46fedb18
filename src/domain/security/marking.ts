import { C2Error } from '../errors.js';
import {
  canonicalLabel,
  releasabilityProblem,
  resolveCaveat,
  resolveLevel,
  resolveReleaseCode,
  sortCaveats,
  sortReleasable,
} from './canonical.js';
import type { SecurityLabel } from './label.js';
import type { Policy } from './policy.js';

/**
 * The CAPCO-style marking grammar: `LEVEL[//ACCESS[/ACCESS]][//DISSEM[/DISSEM][/REL TO A, B]]`, banner or portion
 * (`(S//REL TO USA, JPN)`). Input is read leniently (any case, names or portion marks, any order, loose spaces);
 * output is always canonical, so render(parse(x)) is the one spelling tests and the UI compare.
 */

interface Token {
  text: string;
  /** Index of the token's first character in the whole input. */
  at: number;
}

const REL_TO = /^REL\s+TO(?:\s+|$)/i;

export function parseMarking(text: string, policy: Policy): SecurityLabel {
  const bad = (message: string, at: number): never => {
    const where = `position ${at + 1}`;
    throw new C2Error('C2_BAD_MARKING', `${message} at ${where} in "${text}"`, [
      { code: 'C2_BAD_MARKING', message: `${message} at ${where}`, path: `marking:${at + 1}` },
    ]);
  };
  let start = text.search(/\S/);
  if (start < 0) bad('empty marking', 0);
  let end = text.trimEnd().length;
  if (text[start] === '(') {
    if (text[end - 1] !== ')') bad('a portion mark opened with "(" must end with ")"', end - 1);
    start += 1;
    end -= 1;
  }
  const categories = split({ text: text.slice(start, end), at: start }, '//');
  const [levelToken, ...levelRest] = split(categories[0]!, '/');
  if (levelRest.length > 0) bad('categories are separated by "//", not "/"', levelRest[0]!.at - 1);
  const level = resolveLevel(policy, emptyCheck(levelToken!, bad).text);
  if (!level) bad(`unknown classification "${levelToken!.text}"`, levelToken!.at);

  const caveats: string[] = [];
  let releasable: { codes: string[]; at: number } | undefined;
  for (const token of categories.slice(1).flatMap((category) => split(category, '/'))) {
    emptyCheck(token, bad);
    const rel = REL_TO.exec(token.text);
    if (rel) {
      if (releasable) bad('REL TO given twice', token.at);
      releasable = { codes: parseReleaseList(token, rel[0].length, policy, bad), at: token.at };
      continue;
    }
    const caveat = resolveCaveat(policy, token.text);
    if (!caveat) bad(`unknown caveat "${token.text}"`, token.at);
    caveats.push(caveat!.name);
  }
  const label: SecurityLabel = {
    classification: level!.name,
    releasableTo: releasable ? sortReleasable(policy, releasable.codes) : null,
    caveats: sortCaveats(policy, caveats),
  };
  const problem = releasabilityProblem(policy, label.releasableTo, label.caveats);
  if (problem) bad(problem, releasable!.at);
  return label;
}

function parseReleaseList(
  token: Token,
  prefixLength: number,
  policy: Policy,
  bad: (message: string, at: number) => never,
): string[] {
  const list: Token = { text: token.text.slice(prefixLength), at: token.at + prefixLength };
  if (list.text.trim() === '') bad('REL TO lists no country', token.at);
  return split(list, ',').map((item) => {
    emptyCheck(item, bad);
    const code = resolveReleaseCode(policy, item.text);
    if (!code) bad(`unknown country or tetragraph "${item.text}"`, item.at);
    return code!;
  });
}

/** Splits on a separator, keeping each trimmed piece's position in the input. */
function split(token: Token, separator: string): Token[] {
  const pieces: Token[] = [];
  let from = 0;
  for (;;) {
    const next = token.text.indexOf(separator, from);
    const raw = token.text.slice(from, next < 0 ? undefined : next);
    const lead = raw.length - raw.trimStart().length;
    pieces.push({ text: raw.trim(), at: token.at + from + lead });
    if (next < 0) return pieces;
    from = next + separator.length;
  }
}

function emptyCheck(token: Token, bad: (message: string, at: number) => never): Token {
  if (token.text === '') bad('empty category or list item', token.at);
  return token;
}

/** `SECRET//REL TO USA, JPN`, `TOP SECRET//NOFORN`, `UNCLASSIFIED`. */
export function renderBanner(label: SecurityLabel, policy: Policy): string {
  return render(label, policy, 'banner');
}

/** `(S//REL TO USA, JPN)`, `(TS//NF)`, `(U)`. */
export function renderPortion(label: SecurityLabel, policy: Policy): string {
  return `(${render(label, policy, 'portion')})`;
}

/** The banner's colours for the UI: the level's background and text colours from the policy. */
export function bannerStyle(
  label: SecurityLabel,
  policy: Policy,
): { text: string; background: string; colour: string } {
  const canonical = canonicalLabel(label, policy);
  const level = resolveLevel(policy, canonical.classification)!;
  return { text: renderBanner(canonical, policy), background: level.colour.background, colour: level.colour.text };
}

function render(label: SecurityLabel, policy: Policy, form: 'banner' | 'portion'): string {
  const canonical = canonicalLabel(label, policy);
  const level = resolveLevel(policy, canonical.classification)!;
  const caveats = canonical.caveats.map((name) => resolveCaveat(policy, name)!);
  const spell = (item: { name: string; portion: string }) => (form === 'banner' ? item.name : item.portion);
  const access = caveats.filter((c) => c.kind === 'ACCESS').map(spell);
  const dissemination = caveats.filter((c) => c.kind !== 'ACCESS').map(spell);
  if (canonical.releasableTo) dissemination.push(`REL TO ${canonical.releasableTo.join(', ')}`);
  return [spell(level), access.join('/'), dissemination.join('/')].filter((part) => part !== '').join('//');
}
