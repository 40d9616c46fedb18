import { C2Error } from '../domain/errors.js';
import type { ForceDocument } from '../domain/force/document.js';
import type { ExportOptions, ImportDefaults } from './build.js';
import { exportCot } from './cot.js';
import { exportCsv, importCsvStream } from './csv.js';
import { exportGeoJson, importGeoJson } from './geojson.js';
import { parseJson } from './json.js';
import { exportKml, exportKmz, importKml, importKmz } from './kml.js';
import { exportMsdl, importMsdl } from './msdl.js';
import { exportOrbatMapper, importOrbatMapper } from './orbatmapper.js';
import { type ImportResult, IssueLog } from './preview.js';
import { exportXlsx, importXlsx } from './xlsx.js';

export interface FormatOptions extends ImportDefaults, ExportOptions {
  /** CSV/XLSX: our field ← their column header. */
  columnMapping?: Record<string, string>;
  /** ORBAT Mapper / MSDL: side or force name → nation trigraph. */
  sideNations?: Record<string, string>;
  /** The export's own time (CoT events are stamped with it). */
  now?: string;
  /** Reading progress in bytes; formats read in chunks report as they go, the others once at the end. */
  onProgress?: (done: number, total: number) => void;
}

/** One peer format: how it is named, recognised by file extension, served, read and written. */
export interface Format {
  name: string;
  title: string;
  extensions: string[];
  mime: string;
  read?(input: Buffer, options: FormatOptions): Promise<ImportResult>;
  write(document: ForceDocument, options: FormatOptions): Promise<Buffer | string>;
}

const text = (input: Buffer) => input.toString('utf8');

/** A file in 1 MiB chunks, so a streaming reader can report progress as it goes. */
async function* chunksOf(input: Buffer): AsyncIterable<Uint8Array> {
  const size = 1024 * 1024;
  for (let offset = 0; offset < input.length; offset += size) yield input.subarray(offset, offset + size);
}

/** Every format the product reads and writes, its own JSON first. */
export const FORMATS: readonly Format[] = [
  {
    name: 'c2',
    title: 'Alliance C2 JSON (alliance-c2/force)',
    extensions: ['.c2.json', '.json'],
    mime: 'application/json',
    async read(input) {
      // The document is checked field by field when it is imported; here it only has to be JSON.
      const log = new IssueLog();
      const document = parseJson(text(input), log) as ForceDocument;
      return { document, issues: log.issues };
    },
    async write(document) {
      return `${JSON.stringify(document, null, 2)}\n`;
    },
  },
  {
    name: 'orbat-mapper',
    title: 'ORBAT Mapper scenario',
    extensions: ['.orbatmapper.json'],
    mime: 'application/json',
    read: async (input, options) => importOrbatMapper(text(input), options),
    write: async (document, options) => exportOrbatMapper(document, options),
  },
  {
    name: 'geojson',
    title: 'GeoJSON FeatureCollection',
    extensions: ['.geojson'],
    mime: 'application/geo+json',
    read: async (input, options) => importGeoJson(text(input), options),
    write: async (document, options) => exportGeoJson(document, options),
  },
  {
    name: 'kml',
    title: 'KML 2.2 (Google Earth)',
    extensions: ['.kml'],
    mime: 'application/vnd.google-earth.kml+xml',
    read: async (input, options) => importKml(text(input), options),
    write: async (document, options) => exportKml(document, options),
  },
  {
    name: 'kmz',
    title: 'KMZ (zipped KML)',
    extensions: ['.kmz'],
    mime: 'application/vnd.google-earth.kmz',
    read: (input, options) => importKmz(input, options),
    write: (document, options) => exportKmz(document, options),
  },
  {
    name: 'csv',
    title: 'CSV with a parent-ID column',
    extensions: ['.csv'],
    mime: 'text/csv',
    read: (input, options) =>
      importCsvStream(chunksOf(input), {
        ...options,
        totalBytes: input.length,
        onProgress: (done: number) => options.onProgress?.(done, input.length),
      }),
    write: async (document) => exportCsv(document),
  },
  {
    name: 'xlsx',
    title: 'Excel workbook with a parent-ID column',
    extensions: ['.xlsx'],
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    read: (input, options) => importXlsx(input, options),
    write: (document) => exportXlsx(document),
  },
  {
    name: 'msdl',
    title: 'MSDL (SISO-STD-007) scenario',
    extensions: ['.msdl', '.xml'],
    mime: 'application/xml',
    read: async (input, options) => importMsdl(text(input), options),
    write: async (document, options) => exportMsdl(document, options),
  },
  {
    name: 'cot',
    title: 'Cursor on Target events (unit positions)',
    extensions: ['.cot'],
    mime: 'application/xml',
    write: async (document, options) =>
      exportCot(document, { time: options.now ?? new Date(0).toISOString(), ...options }),
  },
];

export function formatNamed(name: string): Format {
  const format = FORMATS.find((candidate) => candidate.name === name);
  if (!format) {
    throw new C2Error('C2_BAD_INPUT', `unknown format '${name}' (one of ${FORMATS.map((f) => f.name).join(', ')})`);
  }
  return format;
}

/** The format a file name implies, longest extension first (x.orbatmapper.json before x.json). */
export function formatForFile(fileName: string): Format {
  const lower = fileName.toLowerCase();
  const matches = FORMATS.flatMap((format) => format.extensions.map((extension) => ({ format, extension })))
    .filter(({ extension }) => lower.endsWith(extension))
    .sort((a, b) => b.extension.length - a.extension.length);
  if (!matches[0]) throw new C2Error('C2_BAD_INPUT', `cannot tell the format of '${fileName}': pass --format`);
  return matches[0].format;
}
