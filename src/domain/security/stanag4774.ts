import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { C2Error, fail } from '../errors.js';
import {
  canonicalLabel,
  releasabilityProblem,
  resolveCaveat,
  resolveLevel,
  sortCaveats,
  sortReleasable,
} from './canonical.js';
import type { SecurityLabel } from './label.js';
import { nofornCaveat, type Policy, rankOf } from './policy.js';

/**
 * NATO STANAG 4774 (ADatP-4774) confidentiality metadata label, the form a label takes when it leaves the node bound
 * to data (STANAG 4778). Mapping: REL TO → PERMISSIVE "Releasable To"; ACCESS caveats → RESTRICTIVE (the reader holds
 * all); ORCON-like and NOFORN → INFORMATIVE. NOFORN and a bare classified level are also written as "Releasable To"
 * the originator, so a receiver that only evaluates categories still keeps foreigners out.
 */
export const STANAG_4774_NAMESPACE = 'urn:nato:stanag:4774:confidentialitymetadatalabel:1:0';

/** A label is a few hundred bytes; anything near this is not a label. */
export const STANAG_4774_MAX_BYTES = 64 * 1024;

const ROOTS = [
  'originatorConfidentialityLabel',
  'alternativeConfidentialityLabel',
  'metadataConfidentialityLabel',
  'ConfidentialityLabel',
];
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export interface Stanag4774Label {
  label: SecurityLabel;
  policyIdentifier: string;
  creationDateTime?: string;
}

export function toStanag4774(label: SecurityLabel, policy: Policy, options: { creationDateTime: string }): string {
  if (!UTC_DATE_TIME.test(options.creationDateTime)) {
    fail('C2_BAD_TIME', `CreationDateTime must be UTC, e.g. 2026-11-25T14:30:00Z: "${options.creationDateTime}"`);
  }
  const canonical = canonicalLabel(label, policy);
  const kinds = canonical.caveats.map((name) => resolveCaveat(policy, name)!);
  const category = (type: string, tag: string, values: string[]) =>
    values.length === 0
      ? ''
      : `<slab:Category Type="${type}" TagName="${escapeXml(tag)}">` +
        values.map((value) => `<slab:GenericValue>${escapeXml(value)}</slab:GenericValue>`).join('') +
        '</slab:Category>';
  const audience = canonical.releasableTo ?? (restrictedToOriginator(canonical, policy) ? [policy.originator] : []);
  const tags = policy.stanag4774;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<slab:originatorConfidentialityLabel xmlns:slab="${STANAG_4774_NAMESPACE}">` +
    '<slab:ConfidentialityInformation>' +
    `<slab:PolicyIdentifier>${escapeXml(policy.policyIdentifier)}</slab:PolicyIdentifier>` +
    `<slab:Classification>${escapeXml(canonical.classification)}</slab:Classification>` +
    category(
      'RESTRICTIVE',
      tags.accessTag,
      kinds.filter((c) => c.kind === 'ACCESS').map((c) => c.name),
    ) +
    category('PERMISSIVE', tags.releasableToTag, audience) +
    category(
      'INFORMATIVE',
      tags.handlingTag,
      kinds.filter((c) => c.kind !== 'ACCESS').map((c) => c.name),
    ) +
    '</slab:ConfidentialityInformation>' +
    `<slab:CreationDateTime>${options.creationDateTime}</slab:CreationDateTime>` +
    '</slab:originatorConfidentialityLabel>'
  );
}

function restrictedToOriginator(label: SecurityLabel, policy: Policy): boolean {
  return label.caveats.includes(nofornCaveat(policy).name) || rankOf(policy, label.classification) > 0;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 16,
  isArray: (name) => ['Category', 'GenericValue', 'PolicyIdentifier', 'Classification'].includes(localName(name)),
});

type Element = Record<string, unknown>;

/**
 * Reads a label back. Hardened: size-limited, DOCTYPE/ENTITY refused before parsing, entities never expanded (only
 * the five predefined ones and character references are decoded). Fails closed: a RESTRICTIVE or PERMISSIVE category
 * this policy does not define is an error, never ignored; INFORMATIVE ones we do not know are ignored.
 */
export function parseStanag4774(xml: string, policy: Policy): Stanag4774Label {
  if (xml.length > STANAG_4774_MAX_BYTES) {
    fail(
      'C2_PAYLOAD_TOO_LARGE',
      `STANAG 4774 label is ${xml.length} characters; the limit is ${STANAG_4774_MAX_BYTES}`,
    );
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) bad('DOCTYPE and ENTITY declarations are refused');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) bad(`not well-formed XML (line ${valid.err.line}, column ${valid.err.col}): ${valid.err.msg}`);
  const document = parser.parse(xml) as Element;
  const roots = Object.keys(document).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
  const rootName = roots[0];
  if (roots.length !== 1 || !ROOTS.includes(localName(rootName!))) {
    bad(`expected one of ${ROOTS.join(', ')} as the root element, found ${roots.join(', ') || 'none'}`);
  }
  const root = asElement(document[rootName!], rootName!);
  const prefix = rootName!.includes(':') ? rootName!.slice(0, rootName!.indexOf(':')) : '';
  const namespace = root[prefix ? `@_xmlns:${prefix}` : '@_xmlns'];
  if (namespace !== STANAG_4774_NAMESPACE) bad(`root element is not in namespace ${STANAG_4774_NAMESPACE}`);
  const child = (element: Element, local: string) => element[prefix ? `${prefix}:${local}` : local];

  const info = asElement(child(root, 'ConfidentialityInformation'), 'ConfidentialityInformation');
  const policyIdentifier = singleText(child(info, 'PolicyIdentifier'), 'PolicyIdentifier');
  if (policyIdentifier !== policy.policyIdentifier) {
    bad(`label is under policy "${policyIdentifier}"; this node applies "${policy.policyIdentifier}"`);
  }
  const classification = singleText(child(info, 'Classification'), 'Classification');
  const level = resolveLevel(policy, classification);
  if (!level || level.name !== classification) bad(`unknown Classification "${classification}"`);

  const categories = readCategories(child(info, 'Category'), child, policy);
  const label = labelFrom(level!.name, categories, policy);
  const created = child(root, 'CreationDateTime');
  const creationDateTime = created === undefined ? undefined : text(created, 'CreationDateTime');
  return { label, policyIdentifier, ...(creationDateTime === undefined ? {} : { creationDateTime }) };
}

function readCategories(
  raw: unknown,
  child: (element: Element, local: string) => unknown,
  policy: Policy,
): { release: string[] | null; caveats: string[] } {
  const tags = policy.stanag4774;
  let release: string[] | null = null;
  const caveats: string[] = [];
  for (const [index, item] of ((raw as unknown[] | undefined) ?? []).entries()) {
    const where = `Category[${index + 1}]`;
    const category = asElement(item, where);
    const type = category['@_Type'];
    const rawTag = category['@_TagName'];
    if (typeof rawTag !== 'string') bad(`${where} has no TagName`);
    const tagName = decode(rawTag as string);
    const values = ((child(category, 'GenericValue') as unknown[] | undefined) ?? []).map((v) => text(v, where));
    const kind =
      type === 'PERMISSIVE' && tagName === tags.releasableToTag
        ? 'release'
        : type === 'RESTRICTIVE' && tagName === tags.accessTag
          ? 'ACCESS'
          : type === 'INFORMATIVE' && tagName === tags.handlingTag
            ? 'HANDLING'
            : type === 'INFORMATIVE'
              ? 'ignore'
              : bad(`${where}: ${String(type)} category "${String(tagName)}" is not defined by this policy`);
    if (kind === 'ignore') continue;
    if (kind === 'release') {
      if (release) bad(`${where}: "${tags.releasableToTag}" given twice`);
      release = values.map((value) => {
        const known = policy.nations.some((n) => n.code === value) || policy.tetragraphs.some((t) => t.code === value);
        return known ? value : bad(`${where}: unknown country or tetragraph "${value}"`);
      });
      continue;
    }
    for (const value of values) {
      const caveat = resolveCaveat(policy, value);
      const fits = caveat && caveat.name === value && (kind === 'ACCESS') === (caveat.kind === 'ACCESS');
      if (!fits) bad(`${where}: "${value}" is not a ${kind === 'ACCESS' ? 'restrictive' : 'handling'} caveat here`);
      caveats.push(value);
    }
  }
  return { release, caveats };
}

/** Undoes the export mapping; a lone "Releasable To" the originator never widens: it stays originator-only. */
function labelFrom(
  classification: string,
  categories: { release: string[] | null; caveats: string[] },
  policy: Policy,
): SecurityLabel {
  const noforn = nofornCaveat(policy).name;
  const caveats = sortCaveats(policy, categories.caveats);
  const release = categories.release && sortReleasable(policy, categories.release);
  const originatorOnly = release !== null && release.length === 1 && release[0] === policy.originator;
  if (caveats.includes(noforn) && release !== null && !originatorOnly) {
    bad(`${noforn} with "${policy.stanag4774.releasableToTag}" ${release.join(', ')}: a label cannot be both`);
  }
  if (release === null || originatorOnly || caveats.includes(noforn)) {
    const addNoforn = originatorOnly && rankOf(policy, classification) === 0 && !caveats.includes(noforn);
    return {
      classification,
      releasableTo: null,
      caveats: addNoforn ? sortCaveats(policy, [...caveats, noforn]) : caveats,
    };
  }
  const problem = releasabilityProblem(policy, release, caveats);
  if (problem) bad(problem);
  return { classification, releasableTo: release, caveats };
}

function bad(message: string): never {
  throw new C2Error('C2_BAD_MARKING', `malformed STANAG 4774 label: ${message}`);
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function asElement(value: unknown, name: string): Element {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(`missing or malformed ${name}`);
  return value as Element;
}

function singleText(value: unknown, name: string): string {
  if (!Array.isArray(value) || value.length !== 1) bad(`expected exactly one ${name}`);
  const result = text((value as unknown[])[0], name);
  if (result === '') bad(`${name} is empty`);
  return result;
}

/** Element text with the predefined entities and character references decoded (nothing else is expanded). */
function text(value: unknown, name: string): string {
  const raw = typeof value === 'object' && value !== null ? ((value as Element)['#text'] ?? '') : value;
  if (typeof raw !== 'string') bad(`${name} has no text`);
  return decode(raw as string);
}

function decode(raw: string): string {
  return raw.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (_, entity: string) => {
    const code = entity.startsWith('#x')
      ? Number.parseInt(entity.slice(2), 16)
      : entity.startsWith('#')
        ? Number.parseInt(entity.slice(1), 10)
        : undefined;
    if (code === undefined) return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[entity as 'lt']!;
    return code <= 0x10ffff ? String.fromCodePoint(code) : bad(`character reference &${entity}; is out of range`);
  });
}

function escapeXml(value: string): string {
  return value.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}
