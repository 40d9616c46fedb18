import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { C2Error, fail, isC2Error } from '../domain/errors.js';
import type { CotAttr, CotElement, CotEvent, CotNode } from '../domain/cop/track.js';
import { cotEventFromRaw, detailWithFields, eventAttrsOf, pointAttrsOf } from '../domain/cop/track.js';
import { PUBLIC_UNCLASSIFIED, type SecurityLabel } from '../domain/security/label.js';

/**
 * Cursor-on-Target XML in and out. CoT arrives from anyone who can open a socket, so the parser is deliberately narrow:
 * no DTD at all (which rules out XXE and entity-expansion bombs before a parser sees them), the five predefined
 * entities and numeric character references only, and hard bounds on size, depth and attribute count. Every failure
 * is a C2Error that says what was wrong and where.
 */
export interface XmlLimits {
  /** Bytes (UTF-8) per document; a CoT event is rarely over a few KiB. */
  maxBytes: number;
  maxDepth: number;
  maxAttributes: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = Object.freeze({ maxBytes: 64 * 1024, maxDepth: 32, maxAttributes: 64 });

export interface ParseCotOptions {
  /** The label of the channel the event came in on; CoT itself carries no marking. */
  label?: SecurityLabel;
  source?: string;
  limits?: Partial<XmlLimits>;
}

const parser = (maxDepth: number) =>
  new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: '#cdata',
    maxNestedTags: maxDepth,
  });
const parsers = new Map<number, XMLParser>();

const utf8 = new TextDecoder('utf-8', { fatal: true });
const DTD_RE = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i;
const REFERENCE_RE = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function limitsOf(partial: Partial<XmlLimits> | undefined): XmlLimits {
  return { ...DEFAULT_XML_LIMITS, ...partial };
}

function lineOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Index of the first C0 control (other than tab, LF, CR) or U+FFFE/U+FFFF, or -1. */
function findNonXmlChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) || code === 0xfffe || code === 0xffff) return i;
  }
  return -1;
}

/** Replaces the references XML defines without a DTD; anything else that starts with '&' is an error. */
function decodeReferences(raw: string, where: string): string {
  const decoded = raw.replace(REFERENCE_RE, (match, hex?: string, dec?: string, name?: string) => {
    if (name) return PREDEFINED[name]!;
    const code = hex ? Number.parseInt(hex, 16) : Number(dec);
    if (!isXmlChar(code)) fail('C2_BAD_INPUT', `${where}: character reference ${match} is not an XML character`, where);
    return String.fromCodePoint(code);
  });
  if (raw.replace(REFERENCE_RE, '').includes('&')) {
    const bad = /&[^;\s]{0,20};?/.exec(raw.replace(REFERENCE_RE, ''))?.[0] ?? '&';
    fail('C2_BAD_INPUT', `${where}: '${bad}' is not a predefined entity or character reference`, where);
  }
  return decoded;
}

type FxpNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: FxpNode, path: string, limits: XmlLimits): CotElement {
  const name = Object.keys(node).find((key) => key !== ':@')!;
  const here = `${path}/${name}`;
  const rawAttrs = Object.entries(node[':@'] ?? {});
  if (rawAttrs.length > limits.maxAttributes) {
    fail('C2_BAD_INPUT', `${here}: ${rawAttrs.length} attributes (limit ${limits.maxAttributes})`, here);
  }
  // Attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace becomes a space; references keep theirs.
  const attrs: CotAttr[] = rawAttrs.map(([key, value]) => [
    key,
    decodeReferences(String(value).replace(/[\t\n]/g, ' '), `${here}@${key}`),
  ]);
  return { name, attrs, children: toNodes(node[name] as FxpNode[], here, limits) };
}

function toNodes(nodes: FxpNode[], path: string, limits: XmlLimits): CotNode[] {
  const out: CotNode[] = [];
  for (const node of nodes) {
    if ('#text' in node) {
      const text = decodeReferences(String(node['#text']), `${path}/text()`);
      if (text.trim() !== '') out.push(text);
    } else if ('#cdata' in node) {
      const text = (node['#cdata'] as FxpNode[]).map((part) => String(part['#text'] ?? '')).join('');
      if (text.trim() !== '') out.push(text);
    } else if (!('#comment' in node)) {
      out.push(toElement(node, path, limits));
    }
  }
  return out;
}

function decode(input: string | Uint8Array, limits: XmlLimits): string {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > limits.maxBytes) {
    fail('C2_PAYLOAD_TOO_LARGE', `XML document of ${size} bytes exceeds the limit of ${limits.maxBytes}`, 'xml');
  }
  let text: string;
  try {
    text = typeof input === 'string' ? input : utf8.decode(input);
  } catch {
    fail('C2_BAD_INPUT', 'XML document is not valid UTF-8', 'xml');
  }
  // The document is already characters here, so a declared encoding (WinTAK once said utf-16 over UTF-8 bytes) is moot.
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Parses one XML document into its root element, within `limits`. */
export function parseXmlElement(input: string | Uint8Array, partialLimits?: Partial<XmlLimits>): CotElement {
  const limits = limitsOf(partialLimits);
  const text = decode(input, limits);
  const dtd = DTD_RE.exec(text);
  if (dtd)
    fail('C2_BAD_INPUT', `XML: DTD declarations are not accepted (${dtd[0]} at ${lineOf(text, dtd.index)})`, 'xml');
  const badChar = findNonXmlChar(text);
  if (badChar >= 0) {
    const code = text.charCodeAt(badChar).toString(16).padStart(4, '0');
    fail('C2_BAD_INPUT', `XML: character U+${code} is not allowed (${lineOf(text, badChar)})`, 'xml');
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    fail('C2_BAD_INPUT', `XML not well-formed: ${msg} (line ${line}${col ? `, column ${col}` : ''})`, 'xml');
  }
  let tree: FxpNode[];
  try {
    const p = parsers.get(limits.maxDepth) ?? parser(limits.maxDepth);
    parsers.set(limits.maxDepth, p);
    tree = p.parse(text) as FxpNode[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fail('C2_BAD_INPUT', `XML rejected: ${message} (depth limit ${limits.maxDepth})`, 'xml');
  }
  const roots = toNodes(tree, '', limits);
  const elements = roots.filter((node): node is CotElement => typeof node !== 'string');
  if (elements.length !== 1 || roots.length !== 1) {
    fail(
      'C2_BAD_INPUT',
      `XML: expected one root element, found ${elements.length} and ${roots.length - elements.length} text runs`,
      'xml',
    );
  }
  return elements[0]!;
}

/** Parses a `<detail>` body (e.g. a TAK protobuf xmlDetail) into its nodes. */
export function parseXmlFragment(fragment: string, limits?: Partial<XmlLimits>): CotNode[] {
  return [...parseXmlElement(`<detail>${fragment}</detail>`, limits).children];
}

/** Parses one CoT `<event>` document into a validated event. */
export function parseCot(input: string | Uint8Array, options: ParseCotOptions = {}): CotEvent {
  try {
    const root = parseXmlElement(input, options.limits);
    if (root.name !== 'event') fail('C2_BAD_INPUT', `XML: root element is <${root.name}>, expected <event>`, 'event');
    let point: CotElement | undefined;
    let detail: CotElement | undefined;
    for (const child of root.children) {
      if (typeof child === 'string') fail('C2_BAD_INPUT', 'event: unexpected text inside <event>', 'event');
      else if (child.name === 'point' && !point) point = child;
      else if (child.name === 'detail' && !detail) detail = child;
      else fail('C2_BAD_INPUT', `event: unexpected or repeated child <${child.name}>`, `event/${child.name}`);
    }
    if (!point) fail('C2_BAD_INPUT', 'event/point: required element missing', 'event/point');
    const raw = {
      eventAttrs: root.attrs,
      pointAttrs: point.attrs,
      detail: detail?.children ?? [],
      detailFirst: detail !== undefined && root.children.indexOf(detail) < root.children.indexOf(point),
      hasDetail: detail !== undefined,
    };
    return cotEventFromRaw(raw, options.label ?? PUBLIC_UNCLASSIFIED, options.source);
  } catch (error) {
    if (isC2Error(error)) throw error;
    throw new C2Error('C2_BAD_INPUT', `CoT rejected: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const ATTR_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};
const ATTR_SPECIAL = /[&<>"\n\r\t]/g;
const TEXT_SPECIAL = /[&<>\r]/g;
const escapeChar = (char: string) => ATTR_ESCAPES[char]!;

// Most values need no escaping; the test first avoids building a new string for them.
export function escapeAttr(value: string): string {
  ATTR_SPECIAL.lastIndex = 0;
  return ATTR_SPECIAL.test(value) ? value.replace(ATTR_SPECIAL, escapeChar) : value;
}

export function escapeText(value: string): string {
  TEXT_SPECIAL.lastIndex = 0;
  return TEXT_SPECIAL.test(value) ? value.replace(TEXT_SPECIAL, escapeChar) : value;
}

function attrsXml(attrs: readonly CotAttr[]): string {
  return attrs.map(([name, value]) => ` ${name}="${escapeAttr(value)}"`).join('');
}

export function serializeNodes(nodes: readonly CotNode[]): string {
  return nodes.map((node) => (typeof node === 'string' ? escapeText(node) : serializeElement(node))).join('');
}

export function serializeElement(element: CotElement): string {
  const open = `<${element.name}${attrsXml(element.attrs)}`;
  return element.children.length === 0 ? `${open}/>` : `${open}>${serializeNodes(element.children)}</${element.name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/**
 * Canonical XML for an event: attributes in their original order and spelling where unchanged, double quotes,
 * whitespace between elements dropped, no comments. TAK streams expect the declaration before each event.
 */
export function serializeCot(event: CotEvent, options: { declaration?: boolean } = {}): string {
  const point = `<point${attrsXml(pointAttrsOf(event))}/>`;
  const detailNodes = detailWithFields(event);
  const withDetail = detailNodes.length > 0 || (event.layout?.hasDetail ?? true);
  const detail = withDetail ? serializeElement({ name: 'detail', attrs: [], children: detailNodes }) : '';
  const body = event.layout?.detailFirst ? detail + point : point + detail;
  const xml = `<event${attrsXml(eventAttrsOf(event))}>${body}</event>`;
  return options.declaration ? `${XML_DECLARATION}\n${xml}` : xml;
}
