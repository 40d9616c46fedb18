import { C2Error, fail, isC2Error } from '../domain/errors.js';
import type { CotAttr, CotElement, CotEvent, CotNode } from '../domain/cop/track.js';
import { cotEventFromRaw, detailWithFields, eventAttrsOf, pointAttrsOf } from '../domain/cop/track.js';
import { PUBLIC_UNCLASSIFIED, type SecurityLabel } from '../domain/security/label.js';
import { parseXmlElement, type XmlLimits } from './xml-reader.js';

export { parseXmlElement, type XmlLimits } from './xml-reader.js';

/**
 * Cursor-on-Target XML in and out. Reading is xml-reader's hardened single pass (no DTD, bounded size, depth and
 * attributes); this module maps the tree to and from the domain's CotEvent.
 */
export interface ParseCotOptions {
  /** The label of the channel the event came in on; CoT itself carries no marking. */
  label?: SecurityLabel;
  source?: string;
  limits?: Partial<XmlLimits>;
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

// Loops with string concatenation: V8 builds ropes, and this is the hot path of every serialisation.
function attrsXml(attrs: readonly CotAttr[]): string {
  let out = '';
  for (const [name, value] of attrs) out += ` ${name}="${escapeAttr(value)}"`;
  return out;
}

export function serializeNodes(nodes: readonly CotNode[]): string {
  let out = '';
  for (const node of nodes) out += typeof node === 'string' ? escapeText(node) : serializeElement(node);
  return out;
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
