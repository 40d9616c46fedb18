import type ExcelJS from 'exceljs';
import type { ForceDocument } from '../domain/force/document.js';
import { type ExportOptions, exportSlices, treeEdges } from './build.js';
import { documentMarking } from './labels.js';
import { type ImportResult, IssueLog } from './preview.js';
import { RECORD_FIELDS, unitToRecord } from './record.js';
import { recordCells, type TableImportOptions, TableImporter } from './table.js';

/**
 * XLSX: the same table as CSV (see table.ts) on the first sheet. The marking is cell A1 (`# <marking>`) and the
 * printed page header and footer, so a printout carries its banner too. Reads an Excel ORBAT the same way as CSV:
 * banner rows starting with '#', a header row, one row per unit; rows are reported by their sheet row number.
 */
export async function exportXlsx(doc: ForceDocument, options: ExportOptions = {}): Promise<Buffer> {
  const marking = documentMarking(doc);
  const workbook = new (await excel()).Workbook();
  workbook.title = doc.meta.title;
  workbook.subject = marking;
  const sheet = workbook.addWorksheet('Units');
  sheet.headerFooter.oddHeader = `&C${marking.replace(/&/g, '&&')}`;
  sheet.headerFooter.oddFooter = `&C${marking.replace(/&/g, '&&')}`;
  sheet.addRow([`# ${marking}`]);
  sheet.addRow([...RECORD_FIELDS]);
  const tree = treeEdges(doc, options);
  for (const unit of exportSlices(doc, options.at)) {
    const record = unitToRecord(unit, tree.get(unit.id));
    // Numbers stay numbers so the sheet sums and sorts them; text goes through the formula guard.
    sheet.addRow(
      recordCells(record).map((cell, i) => (typeof record[RECORD_FIELDS[i]!] === 'number' ? Number(cell) : cell)),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface XlsxImportOptions extends TableImportOptions {
  /** Sheet name; default the first sheet. */
  sheet?: string;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return '';
}

export async function importXlsx(input: Buffer, options: XlsxImportOptions = {}): Promise<ImportResult> {
  const table = new TableImporter(options, 'XLSX');
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(input as unknown as ArrayBuffer);
  } catch (error) {
    const log = new IssueLog();
    log.error('C2_IMPORT_SYNTAX', `not a readable XLSX workbook: ${(error as Error).message}`);
    const result = table.finish();
    return { document: result.document, issues: log.done() };
  }
  const sheet = options.sheet ? workbook.getWorksheet(options.sheet) : workbook.worksheets[0];
  if (!sheet) {
    table.error(`sheet '${options.sheet ?? '(first)'}' not found`, 1);
    return table.finish();
  }
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim());
    if (!table.hasHeader && cells[0]?.startsWith('#')) table.banner(cells[0], number);
    else if (!table.hasHeader) table.header(cells, number);
    else table.row(cells, number);
  });
  return table.finish();
}

/** exceljs takes ~0.4 s to load: only the commands that touch a workbook pay for it. */
async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
