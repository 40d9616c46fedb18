import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { IssueLog } from './preview.js';

/**
 * Hardened XML reading for MSDL, KML and CoT: a DTD or entity declaration is refused before any parsing (no entity
 * expansion, no external fetch), input above a size limit is refused, and only the five predefined entities and
 * character references are decoded. The result is a small element tree whose nodes know their line and their path,
 * so importers can locate what they complain about.
 */
export interface XNode {
  /** Local name (namespace prefix removed). */
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  /** Direct text and CDATA content, decoded and trimmed. */
  text: string;
  comments: string[];
  line: number;
  /** e.g. /MilitaryScenario/Organizations/Units/Unit[3] */
  path: string;
}

export const DEFAULT_MAX_XML_BYTES = 50 * 1024 * 1024;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parses or logs a located error and returns null; never throws. */
export function parseXml(input: string, log: IssueLog, maxBytes = DEFAULT_MAX_XML_BYTES): XNode | null {
  const text = input.replace(/^\uFEFF/, '');
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    log.error('C2_PAYLOAD_TOO_LARGE', `XML larger than the ${maxBytes}-byte limit`);
    return null;
  }
  const unsafe = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (unsafe) {
    log.error('C2_IMPORT_UNSAFE', `<!${unsafe[1]} refused: DTDs and entity declarations are not accepted`, {
      line: lineAt(text, unsafe.index),
    });
    return null;
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    log.error('C2_IMPORT_SYNTAX', `XML is not well-formed: ${valid.err.msg}`, { line: valid.err.line });
    return null;
  }
  let ordered: unknown[];
  try {
    ordered = parser.parse(text) as unknown[];
  } catch (error) {
    log.error('C2_IMPORT_SYNTAX', `XML could not be parsed: ${(error as Error).message}`);
    return null;
  }
  const lines = startTagLines(text);
  const cursor = { next: 0 };
  const roots = buildNodes(ordered, '', lines, cursor);
  const root = roots[0];
  if (!root) log.error('C2_IMPORT_SYNTAX', 'XML has no root element', { line: 1 });
  return root ?? null;
}

/** Lines of every element start tag in document order, with comments, CDATA and PIs masked out first. */
function startTagLines(text: string): number[] {
  const masked = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (m) =>
    m.replace(/[^\n]/g, ' '),
  );
  const lines: number[] = [];
  let line = 1;
  let last = 0;
  for (const match of masked.matchAll(/<[A-Za-z_][\w.:-]*/g)) {
    for (let i = last; i < match.index; i++) if (masked.charCodeAt(i) === 10) line++;
    last = match.index;
    lines.push(line);
  }
  return lines;
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function buildNodes(items: unknown[], parentPath: string, lines: number[], cursor: { next: number }): XNode[] {
  const nodes: XNode[] = [];
  for (const raw of items) {
    const item = raw as Ordered;
    const name = Object.keys(item).find((key) => key !== ':@');
    if (!name || name === '#text' || name === '#cdata' || name === '#comment') continue;
    const line = lines[cursor.next++] ?? 0;
    const node: XNode = { name, attrs: {}, children: [], text: '', comments: [], line, path: '' };
    for (const [key, value] of Object.entries(item[':@'] ?? {})) node.attrs[key] = decodeXml(String(value));
    nodes.push(node);
    const content = (item[name] as unknown[]) ?? [];
    let text = '';
    for (const part of content as Ordered[]) {
      if ('#text' in part) text += decodeXml(String(part['#text']));
      else if ('#cdata' in part) text += textOf(part['#cdata']);
      else if ('#comment' in part) node.comments.push(decodeXml(textOf(part['#comment'])).trim());
    }
    node.text = text.trim();
    // The path needs the node's own index among same-named siblings, known only once all siblings exist.
    node.children = buildNodes(content, '', lines, cursor);
  }
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node.name, (counts.get(node.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const node of nodes) {
    const index = (seen.get(node.name) ?? 0) + 1;
    seen.set(node.name, index);
    node.path = `${parentPath}/${node.name}${(counts.get(node.name) ?? 0) > 1 ? `[${index}]` : ''}`;
    rebase(node);
  }
  return nodes;
}

function rebase(node: XNode): void {
  for (const child of node.children) {
    child.path = node.path + child.path.slice(child.path.lastIndexOf('/'));
    rebase(child);
  }
}

function textOf(value: unknown): string {
  return Array.isArray(value) ? value.map((part) => String((part as Ordered)['#text'] ?? '')).join('') : '';
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeChar(Number.parseInt(ref.slice(2), 16)) ?? whole;
    if (ref.startsWith('#')) return safeChar(Number.parseInt(ref.slice(1), 10)) ?? whole;
    return NAMED[ref] ?? whole;
  });
}

function safeChar(code: number): string | undefined {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A comment body cannot contain '--'. */
export function escapeComment(text: string): string {
  return text.replace(/--/g, '- -');
}

// Small queries over the tree, matching on local names.
export const child = (node: XNode | undefined, name: string): XNode | undefined =>
  node?.children.find((c) => c.name === name);
export const children = (node: XNode | undefined, name: string): XNode[] =>
  node ? node.children.filter((c) => c.name === name) : [];
export const childText = (node: XNode | undefined, name: string): string | undefined => child(node, name)?.text;

/** The first descendant (depth first) with the name, for files that nest an element one level off the schema. */
export function find(node: XNode | undefined, name: string): XNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) {
    if (c.name === name) return c;
    const deeper = find(c, name);
    if (deeper) return deeper;
  }
  return undefined;
}
