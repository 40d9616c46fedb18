import type { ForceDocument } from '../domain/force/document.js';
import { type ExportOptions, exportSlices, treeEdges } from './build.js';
import { documentMarking } from './labels.js';
import type { ImportResult } from './preview.js';
import { RECORD_FIELDS, unitToRecord } from './record.js';
import { recordCells, type TableImportOptions, TableImporter } from './table.js';

/**
 * CSV: `# <marking>` on the first line, then a header and one row per unit (see table.ts for what the columns carry).
 * Reads RFC 4180 quoting (delimiters, quotes and newlines inside quotes), a UTF-8 BOM, CRLF or LF, and a comma,
 * semicolon or tab delimiter detected from the header line.
 */
export function exportCsv(doc: ForceDocument, options: ExportOptions & { delimiter?: string } = {}): string {
  const delimiter = options.delimiter ?? ',';
  const tree = treeEdges(doc, options);
  const quote = (cell: string) =>
    cell.includes(delimiter) || /["\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;
  const lines = [`# ${documentMarking(doc)}`, RECORD_FIELDS.join(delimiter)];
  for (const unit of exportSlices(doc, options.at)) {
    lines.push(
      recordCells(unitToRecord(unit, tree.get(unit.id)))
        .map(quote)
        .join(delimiter),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function importCsv(input: string, options: TableImportOptions = {}): ImportResult {
  const reader = new CsvReader(options);
  reader.push(input);
  return reader.finish();
}

export interface StreamOptions extends TableImportOptions {
  /** Called as input is consumed: bytes done, and the total when `totalBytes` was given (else null). */
  onProgress?: (done: number, total: number | null) => void;
  totalBytes?: number;
}

/** Reads CSV from chunks (a file or socket stream) without holding the text whole; reports progress per chunk. */
export async function importCsvStream(
  chunks: AsyncIterable<string | Uint8Array>,
  options: StreamOptions = {},
): Promise<ImportResult> {
  const reader = new CsvReader(options);
  const decoder = new TextDecoder('utf-8');
  let done = 0;
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      done += Buffer.byteLength(chunk);
      reader.push(chunk);
    } else {
      done += chunk.byteLength;
      reader.push(decoder.decode(chunk, { stream: true }));
    }
    options.onProgress?.(done, options.totalBytes ?? null);
  }
  reader.push(decoder.decode());
  return reader.finish();
}

/** An incremental RFC 4180 reader feeding a TableImporter; rows are numbered by the line they start on. */
class CsvReader {
  private readonly table: TableImporter;
  private delimiter: string | null = null;
  private pending = '';
  private started = false;
  private line = 1;
  private recordLine = 1;
  private cells: string[] = [];
  private field = '';
  private quoted = false;
  private afterQuote = false;
  private fieldWasQuoted = false;

  constructor(options: TableImportOptions) {
    this.table = new TableImporter(options, 'CSV');
  }

  push(text: string): void {
    if (!this.started) {
      this.pending += text;
      if (!this.detect(false)) return;
      text = this.pending;
      this.pending = '';
    }
    this.scan(text);
  }

  finish(): ImportResult {
    if (!this.started) {
      this.detect(true);
      this.scan(this.pending);
    }
    if (this.quoted) this.table.error('unterminated quoted field (a " is never closed)', this.recordLine);
    if (this.field !== '' || this.cells.length > 0) this.endRecord();
    return this.table.finish();
  }

  /** Strips the BOM and banner lines and picks the delimiter once the header line is complete. */
  private detect(atEnd: boolean): boolean {
    let text = this.pending.replace(/^\uFEFF/, '');
    for (;;) {
      const end = text.indexOf('\n');
      if (end < 0 && !atEnd) {
        this.pending = text;
        return false;
      }
      const line = (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
      if (line.startsWith('#')) {
        this.table.banner(line, this.line++);
        text = end < 0 ? '' : text.slice(end + 1);
        continue;
      }
      const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const);
      this.delimiter = counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
      this.recordLine = this.line;
      this.pending = text;
      this.started = true;
      return true;
    }
  }

  private scan(text: string): void {
    const delimiter = this.delimiter ?? ',';
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (this.quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            this.field += '"';
            i++;
          } else if (i + 1 === text.length) {
            // A quote at a chunk's end may be the first of an escaped pair: decide on the next chunk.
            this.quoted = false;
            this.afterQuote = true;
          } else this.quoted = false;
        } else if (c === '\n') {
          this.line++;
          this.field += c;
        } else if (c !== '\r' || text[i + 1] !== '\n') this.field += c;
        continue;
      }
      if (this.afterQuote) {
        this.afterQuote = false;
        if (c === '"') {
          this.field += '"';
          this.quoted = true;
          continue;
        }
      }
      if (c === '"' && this.field === '' && !this.fieldWasQuoted) {
        this.quoted = true;
        this.fieldWasQuoted = true;
      } else if (c === delimiter) {
        this.cells.push(this.field);
        this.field = '';
        this.fieldWasQuoted = false;
      } else if (c === '\n') {
        this.line++;
        this.endRecord();
      } else if (c !== '\r') this.field += c;
    }
  }

  private endRecord(): void {
    this.cells.push(this.field);
    this.field = '';
    this.fieldWasQuoted = false;
    const cells = this.cells;
    this.cells = [];
    if (this.table.hasHeader) this.table.row(cells, this.recordLine);
    else this.table.header(cells, this.recordLine);
    this.recordLine = this.line;
  }
}
