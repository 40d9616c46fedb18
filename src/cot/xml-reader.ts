import type { CotAttr, CotElement, CotNode } from '../domain/cop/track.js';
import { fail } from '../domain/errors.js';

/**
 * A small, strict XML reader for what CoT uses: elements, attributes, character data, CDATA, comments and
 * processing instructions. It reads in one pass with indexOf and charCodeAt (no regular expressions over the text,
 * so no backtracking), and it is deliberately narrow because CoT arrives from anyone who can open a socket:
 *  - no DTD at all (`<!DOCTYPE`, `<!ENTITY`, …), which rules out XXE and entity-expansion bombs;
 *  - the five predefined entities and numeric character references only;
 *  - hard bounds on size, depth and attributes per element, checked as it reads, before any work grows with them.
 * Every failure is a C2Error that says what was wrong and where (line and column, or the element path).
 */
export interface XmlLimits {
  /** Bytes (UTF-8) per document; a CoT event is rarely over a few KiB. */
  maxBytes: number;
  /** Elements nested inside one another, the root counting as 1. */
  maxDepth: number;
  maxAttributes: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = Object.freeze({ maxBytes: 64 * 1024, maxDepth: 32, maxAttributes: 64 });

const utf8 = new TextDecoder('utf-8', { fatal: true });
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const DTD_KEYWORDS = ['DOCTYPE', 'ENTITY', 'ELEMENT', 'ATTLIST'];

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

export function lineOf(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
// XML's NameStartChar and NameChar, simplified above U+00BF (non-ASCII letters are all allowed there).
const isNameStart = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || (c >= 0xc0 && c !== 0xd7);
const isNameChar = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7;

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

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** The value of a reference body (between '&' and ';'), or undefined when XML does not define it without a DTD. */
function referenceValue(body: string): string | number | undefined {
  if (body.charCodeAt(0) !== 0x23) return PREDEFINED[body];
  const hex = body.charCodeAt(1) === 0x78;
  const digits = body.slice(hex ? 2 : 1);
  const pattern = hex ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/;
  return pattern.test(digits) ? Number.parseInt(digits, hex ? 16 : 10) : undefined;
}

/** Replaces the references XML defines without a DTD; anything else that starts with '&' is an error. */
function decodeReferences(raw: string, where: () => string): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1);
    const value = semi > amp + 1 && semi - amp <= 10 ? referenceValue(raw.slice(amp + 1, semi)) : undefined;
    if (value === undefined) {
      const bad = /&[^;\s]{0,20};?/.exec(raw.slice(amp))?.[0] ?? '&';
      fail('C2_BAD_INPUT', `${where()}: '${bad}' is not a predefined entity or character reference`, where());
    }
    if (typeof value === 'number' && !isXmlChar(value)) {
      const reference = raw.slice(amp, semi + 1);
      fail('C2_BAD_INPUT', `${where()}: character reference ${reference} is not an XML character`, where());
    }
    out += raw.slice(from, amp) + (typeof value === 'number' ? String.fromCodePoint(value) : value);
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

interface Open {
  name: string;
  attrs: CotAttr[];
  children: CotNode[];
  start: number;
}

class Reader {
  private pos = 0;
  private readonly stack: Open[] = [];
  /** Character data since the last markup that ends a text run (comments and PIs do not). */
  private text = '';

  constructor(
    private readonly source: string,
    private readonly limits: XmlLimits,
  ) {}

  document(): CotElement {
    this.misc(true);
    if (this.pos >= this.source.length) this.fail('no root element');
    if (this.source.charCodeAt(this.pos) !== LT) this.fail('text before the root element');
    const root = this.element();
    this.misc(false);
    if (this.pos < this.source.length) {
      const second = this.source.charCodeAt(this.pos) === LT && isNameStart(this.source.charCodeAt(this.pos + 1));
      if (second) {
        fail('C2_BAD_INPUT', `XML: expected one root element, found a second one (${this.at(this.pos)})`, 'xml');
      }
      this.fail('text after the root element');
    }
    return root;
  }

  private at(offset: number): string {
    return lineOf(this.source, offset);
  }

  private fail(message: string, offset = this.pos): never {
    fail('C2_BAD_INPUT', `XML not well-formed: ${message} (${this.at(offset)})`, 'xml');
  }

  private path(...more: string[]): string {
    return `/${[...this.stack.map((open) => open.name), ...more].join('/')}`;
  }

  /** Whitespace, comments and processing instructions outside the root; `<?xml …?>` only before it. */
  private misc(prolog: boolean): void {
    const { source } = this;
    for (;;) {
      while (isSpace(source.charCodeAt(this.pos))) this.pos += 1;
      if (source.charCodeAt(this.pos) !== LT) return;
      const next = source.charCodeAt(this.pos + 1);
      if (next === QUESTION) this.instruction(prolog);
      else if (next === BANG) {
        if (!source.startsWith('<!--', this.pos)) this.declaration();
        this.comment();
      } else return;
    }
  }

  private comment(): void {
    const end = this.source.indexOf('-->', this.pos + 4);
    if (end < 0) this.fail('comment not closed');
    this.pos = end + 3;
  }

  private instruction(declarationAllowed: boolean): void {
    const start = this.pos;
    const end = this.source.indexOf('?>', start + 2);
    if (end < 0) this.fail('processing instruction not closed');
    const target = this.source.slice(start + 2, start + 5);
    if (target.toLowerCase() === 'xml' && !isNameChar(this.source.charCodeAt(start + 5)) && !declarationAllowed) {
      this.fail('an XML declaration is only allowed before the root element', start);
    }
    this.pos = end + 2;
  }

  /** `<!` that is neither a comment nor CDATA: a DTD declaration (refused by name) or garbage. */
  private declaration(): never {
    let i = this.pos + 2;
    while (isSpace(this.source.charCodeAt(i))) i += 1;
    const word = DTD_KEYWORDS.find((keyword) => this.source.slice(i, i + keyword.length).toUpperCase() === keyword);
    if (word) {
      fail('C2_BAD_INPUT', `XML: DTD declarations are not accepted (<!${word} at ${this.at(this.pos)})`, 'xml');
    }
    this.fail("'<!' that starts neither a comment nor CDATA");
  }

  private name(what: string): string {
    const { source } = this;
    const start = this.pos;
    if (!isNameStart(source.charCodeAt(start))) this.fail(`expected ${what}`);
    let end = start + 1;
    while (isNameChar(source.charCodeAt(end))) end += 1;
    this.pos = end;
    return source.slice(start, end);
  }

  /** The root element and everything inside it, read without recursion. */
  private element(): CotElement {
    const { source, stack } = this;
    const first = this.startTag();
    if (first.closed) return first.element;
    stack.push(first.open);
    for (;;) {
      const top = stack[stack.length - 1]!;
      const lt = source.indexOf('<', this.pos);
      if (lt < 0) this.fail(`<${top.name}> opened at ${this.at(top.start)} is not closed`, source.length);
      if (lt > this.pos) this.text += source.slice(this.pos, lt);
      this.pos = lt;
      const next = source.charCodeAt(lt + 1);
      if (next === SLASH) {
        this.endTag(top);
        const done: CotElement = { name: top.name, attrs: top.attrs, children: top.children };
        stack.pop();
        if (stack.length === 0) return done;
        stack[stack.length - 1]!.children.push(done);
      } else if (next === BANG) {
        if (source.startsWith('<!--', lt)) this.comment();
        else if (source.startsWith('<![CDATA[', lt)) this.cdata(top);
        else this.declaration();
      } else if (next === QUESTION) {
        this.instruction(false);
      } else {
        this.flushText(top);
        const child = this.startTag();
        if (child.closed) top.children.push(child.element);
        else stack.push(child.open);
      }
    }
  }

  private flushText(top: Open): void {
    if (this.text === '') return;
    const raw = this.text;
    this.text = '';
    const text = decodeReferences(raw, () => `${this.path()}/text()`);
    if (!isBlank(text)) top.children.push(text);
  }

  private cdata(top: Open): void {
    this.flushText(top);
    const start = this.pos + 9;
    const end = this.source.indexOf(']]>', start);
    if (end < 0) this.fail('CDATA section not closed');
    const text = this.source.slice(start, end);
    if (!isBlank(text)) top.children.push(text);
    this.pos = end + 3;
  }

  private endTag(top: Open): void {
    const start = this.pos;
    this.pos += 2;
    const name = this.name('an element name after </');
    while (isSpace(this.source.charCodeAt(this.pos))) this.pos += 1;
    if (this.source.charCodeAt(this.pos) !== GT) this.fail(`expected '>' to end </${name}>`);
    if (name !== top.name)
      this.fail(`</${name}> does not close <${top.name}> (opened at ${this.at(top.start)})`, start);
    this.flushText(top);
    this.pos += 1;
  }

  /** `<name attr="value"…>` or `…/>` at the current position, within the depth and attribute limits. */
  private startTag(): { closed: true; element: CotElement } | { closed: false; open: Open } {
    const { source, limits } = this;
    const start = this.pos;
    this.pos += 1;
    const name = this.name("an element name after '<'");
    if (this.stack.length + 1 > limits.maxDepth) {
      fail(
        'C2_BAD_INPUT',
        `XML rejected: <${name}> at ${this.at(start)} is nested too deep (depth limit ${limits.maxDepth})`,
        this.path(name),
      );
    }
    const attrs: CotAttr[] = [];
    let count = 0;
    for (;;) {
      const before = this.pos;
      while (isSpace(source.charCodeAt(this.pos))) this.pos += 1;
      const c = source.charCodeAt(this.pos);
      if (c === GT || c === SLASH) {
        if (c === SLASH && source.charCodeAt(this.pos + 1) !== GT) this.fail(`expected '>' after '/' in <${name}>`);
        this.pos += c === GT ? 1 : 2;
        if (count > limits.maxAttributes) {
          const here = this.path(name);
          fail('C2_BAD_INPUT', `${here}: ${count} attributes (limit ${limits.maxAttributes})`, here);
        }
        const element = { name, attrs, children: [] };
        return c === SLASH ? { closed: true, element } : { closed: false, open: { ...element, start } };
      }
      if (Number.isNaN(c)) this.fail(`<${name}> opened at ${this.at(start)} is not closed`);
      if (this.pos === before) this.fail(`expected whitespace, '/>' or '>' in <${name}> (opened at ${this.at(start)})`);
      const key = this.name(`an attribute name in <${name}>`);
      while (isSpace(source.charCodeAt(this.pos))) this.pos += 1;
      if (source.charCodeAt(this.pos) !== EQUALS) this.fail(`attribute '${key}' of <${name}> has no value`);
      this.pos += 1;
      while (isSpace(source.charCodeAt(this.pos))) this.pos += 1;
      const quote = source.charCodeAt(this.pos);
      if (quote !== QUOTE && quote !== APOSTROPHE) this.fail(`value of attribute '${key}' of <${name}> is not quoted`);
      const end = source.indexOf(quote === QUOTE ? '"' : "'", this.pos + 1);
      if (end < 0) this.fail(`value of attribute '${key}' of <${name}> is not closed`);
      const raw = source.slice(this.pos + 1, end);
      this.pos = end + 1;
      count += 1;
      // Past the limit only the count goes on (for the message); no work that grows with the attributes.
      if (count > limits.maxAttributes) continue;
      for (const [other] of attrs) if (other === key) this.fail(`attribute '${key}' of <${name}> is repeated`);
      attrs.push([key, this.attributeValue(raw, name, key)]);
    }
  }

  /** Attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace becomes a space; references keep theirs. */
  private attributeValue(raw: string, element: string, key: string): string {
    const spaced = raw.indexOf('\n') >= 0 || raw.indexOf('\t') >= 0 ? raw.replace(/[\t\n]/g, ' ') : raw;
    return decodeReferences(spaced, () => `${this.path(element)}@${key}`);
  }
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
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.indexOf('\r') >= 0 ? text.replace(/\r\n?/g, '\n') : text;
}

/** Parses one XML document into its root element, within `limits` (defaults: DEFAULT_XML_LIMITS). */
export function parseXmlElement(input: string | Uint8Array, partialLimits?: Partial<XmlLimits>): CotElement {
  const limits = partialLimits ? { ...DEFAULT_XML_LIMITS, ...partialLimits } : DEFAULT_XML_LIMITS;
  const text = decode(input, limits);
  const badChar = findNonXmlChar(text);
  if (badChar >= 0) {
    const code = text.charCodeAt(badChar).toString(16).padStart(4, '0');
    fail('C2_BAD_INPUT', `XML: character U+${code} is not allowed (${lineOf(text, badChar)})`, 'xml');
  }
  return new Reader(text, limits).document();
}
