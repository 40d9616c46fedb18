import { C2Error } from '../domain/errors.js';
import { DEFAULT_XML_LIMITS } from './xml-reader.js';

/**
 * Cuts a TCP byte stream of CoT XML into documents. TAK's legacy framing is "everything up to and including
 * `</event>`", starting at `<?xml` or `<event`. Bytes between documents are dropped; a run longer than the limit
 * without `</event>` is reported once and skipped until the next document start, so one bad sender cannot make us
 * buffer without bound or lose the events that follow.
 */
export type SplitResult = { ok: true; xml: string } | { ok: false; error: C2Error };

const END = Buffer.from('</event>');
const DECL = Buffer.from('<?xml');
const EVENT = Buffer.from('<event');
// The longest marker minus one: a marker split across chunks must survive the trimming of skipped bytes.
const KEEP = EVENT.length - 1;

function isNameEnd(byte: number | undefined): boolean {
  // '<event' must be followed by whitespace, '>' or '/' to be the event tag and not e.g. '<events>'.
  return (
    byte === undefined ||
    byte === 0x20 ||
    byte === 0x09 ||
    byte === 0x0a ||
    byte === 0x0d ||
    byte === 0x3e ||
    byte === 0x2f
  );
}

function findEventTag(buffer: Buffer, from: number): number {
  for (let index = buffer.indexOf(EVENT, from); index >= 0; index = buffer.indexOf(EVENT, index + 1)) {
    if (index + EVENT.length >= buffer.length || isNameEnd(buffer[index + EVENT.length])) return index;
  }
  return -1;
}

/** Where the next document starts: an XML declaration directly ahead of an event tag counts as its start. */
function findStart(buffer: Buffer, from: number): number {
  const event = findEventTag(buffer, from);
  const decl = buffer.indexOf(DECL, from);
  if (decl >= 0 && (event < 0 || decl < event)) return decl;
  return event;
}

export class CotXmlStreamSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  /** Inside an oversize run: drop bytes until a document start or the end of the bad document. */
  private skipping = false;
  private readonly maxBytes: number;

  constructor(options: { maxBytes?: number } = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes;
  }

  /** Bytes held while waiting for the rest of a document. */
  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Uint8Array | string): SplitResult[] {
    const bytes =
      typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.buffer = this.buffer.length === 0 ? bytes : Buffer.concat([this.buffer, bytes]);
    const out: SplitResult[] = [];
    for (;;) {
      if (this.skipping && !this.skip()) break;
      const start = findStart(this.buffer, 0);
      if (start < 0) {
        this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - KEEP));
        break;
      }
      if (start > 0) this.buffer = this.buffer.subarray(start);
      const end = this.buffer.indexOf(END);
      if (end >= 0 && end + END.length <= this.maxBytes) {
        out.push({ ok: true, xml: this.buffer.subarray(0, end + END.length).toString('utf8') });
        this.buffer = this.buffer.subarray(end + END.length);
        continue;
      }
      if (end < 0 && this.buffer.length <= this.maxBytes) break;
      out.push({
        ok: false,
        error: new C2Error(
          'C2_PAYLOAD_TOO_LARGE',
          `CoT stream: more than ${this.maxBytes} bytes without </event>; skipped to the next event`,
        ),
      });
      // Step past this document's own event tag so the resync cannot land on it again.
      this.buffer = this.buffer.subarray(Math.max(findEventTag(this.buffer, 0), 0) + 1);
      this.skipping = true;
    }
    // Copy the remainder so the caller's chunk (or a large concatenation) is not pinned in memory.
    this.buffer = Buffer.from(this.buffer);
    return out;
  }

  /** Drops the rest of an oversize document; returns false when more input is needed. */
  private skip(): boolean {
    const end = this.buffer.indexOf(END);
    const start = findStart(this.buffer, 0);
    if (start >= 0 && (end < 0 || start < end)) {
      this.buffer = this.buffer.subarray(start);
      this.skipping = false;
      return true;
    }
    if (end >= 0) {
      this.buffer = this.buffer.subarray(end + END.length);
      this.skipping = false;
      return true;
    }
    this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - KEEP));
    return false;
  }
}
