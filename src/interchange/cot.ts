import { parseCot, serializeCot } from '../cot/xml.js';
import { COT_UNKNOWN, type CotEvent } from '../domain/cop/track.js';
import { sidcToCotType } from '../domain/cop/symbology.js';
import { isC2Error } from '../domain/errors.js';
import type { ForceDocument } from '../domain/force/document.js';
import type { UnitSlice } from '../domain/force/unit.js';
import { addMs, HOUR_MS, toInstant } from '../domain/time/instant.js';
import { type ExportOptions, exportSlices, stationName, validPosition } from './build.js';
import { portionMark } from './labels.js';
import { type ImportIssue, IssueLog } from './preview.js';
import { lineAt } from './xml.js';

/**
 * Unit positions as Cursor-on-Target: one event per unit at its home station (uid = unit id, callsign = short name,
 * type from the SIDC through src/domain/cop/symbology.ts), and the reverse: events read as position updates for the
 * units whose ids they carry. Uses the COP's hardened CoT codec (src/cot/xml.ts).
 * Cannot carry: anything but id, short name, type, position and a portion-marked remark; units without a station.
 */
export interface CotExportOptions extends ExportOptions {
  /** Event time (the caller passes the clock). */
  time: string;
  /** How long the positions stay fresh; default 24 hours. */
  staleMs?: number;
}

export function unitToCotEvent(unit: UnitSlice, options: CotExportOptions): CotEvent | null {
  if (!unit.homeStation) return null;
  const time = toInstant(options.time, 'time');
  let type = 'a-u-G';
  try {
    type = sidcToCotType(unit.sidc);
  } catch (error) {
    if (!isC2Error(error)) throw error;
  }
  return {
    version: '2.0',
    uid: unit.id,
    type,
    how: 'h-e',
    time,
    start: time,
    stale: addMs(time, options.staleMs ?? 24 * HOUR_MS),
    point: { lat: unit.homeStation.lat, lon: unit.homeStation.lon, hae: COT_UNKNOWN, ce: COT_UNKNOWN, le: COT_UNKNOWN },
    detail: [],
    callsign: unit.shortName,
    remarks: `${portionMark(unit.label)} ${unit.name}${unit.homeStation.name ? ` at ${unit.homeStation.name}` : ''}`,
    label: unit.label,
  };
}

/** Every stationed unit as a CoT event, one XML document per line (TAK stream framing). */
export function exportCot(doc: ForceDocument, options: CotExportOptions): string {
  return exportSlices(doc, options.at)
    .map((unit) => unitToCotEvent(unit, options))
    .filter((event): event is CotEvent => event !== null)
    .map((event) => serializeCot(event, { declaration: true }))
    .join('\n');
}

export interface PositionUpdate {
  uid: string;
  lat: number;
  lon: number;
  time: string;
  type: string;
  callsign?: string;
}

/** Reads one or more concatenated CoT events; a bad event is a located error and the others are still read. */
export function importCotPositions(input: string): { updates: PositionUpdate[]; issues: ImportIssue[] } {
  const log = new IssueLog();
  const updates: PositionUpdate[] = [];
  const matches = [...input.matchAll(/<event[\s>][\s\S]*?<\/event>/g)];
  if (matches.length === 0) log.error('C2_IMPORT_SYNTAX', 'no <event>…</event> found', { line: 1 });
  for (const match of matches) {
    const line = lineAt(input, match.index);
    try {
      const event = parseCot(match[0]);
      if (!validPosition(event.point.lat, event.point.lon)) {
        log.error('C2_BAD_POSITION', `event ${event.uid}: point ${event.point.lat},${event.point.lon} out of range`, {
          line,
        });
        continue;
      }
      updates.push({
        uid: event.uid,
        lat: event.point.lat,
        lon: event.point.lon,
        time: event.time,
        type: event.type,
        ...(event.callsign ? { callsign: event.callsign } : {}),
      });
    } catch (error) {
      log.error(isC2Error(error) ? error.code : 'C2_IMPORT_SYNTAX', (error as Error).message, { line });
    }
  }
  return { updates, issues: log.done() };
}

/**
 * Moves each unit named by an update to the update's position (its latest slice; the station keeps its name).
 * Pure: returns a new document. Updates for unknown uids are reported, and an older update never overrides a newer.
 */
export function applyPositionUpdates(
  doc: ForceDocument,
  updates: PositionUpdate[],
): { document: ForceDocument; issues: ImportIssue[] } {
  const log = new IssueLog();
  const latest = new Map<string, PositionUpdate>();
  for (const update of updates) {
    const current = latest.get(update.uid);
    if (!current || update.time >= current.time) latest.set(update.uid, update);
  }
  const target = new Map(exportSlices(doc).map((slice) => [slice.id, slice]));
  for (const uid of latest.keys()) {
    if (!target.has(uid))
      log.warn('C2_IMPORT_DANGLING_REF', `CoT uid '${uid}' is not a unit in the document`, { path: uid });
  }
  const units = doc.units.map((slice) => {
    const update = latest.get(slice.id);
    if (!update || target.get(slice.id) !== slice) return slice;
    return {
      ...slice,
      homeStation: {
        name: slice.homeStation?.name || stationName(update.lat, update.lon),
        lat: update.lat,
        lon: update.lon,
      },
    };
  });
  return { document: { ...doc, units }, issues: log.done() };
}
