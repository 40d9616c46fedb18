import { fail } from '../errors.js';
import type { SecurityLabel } from '../security/label.js';
import type { Instant } from '../time/instant.js';
import type { CotEvent } from './track.js';

/**
 * Events of the security environment the JFHQ reports on (a missile launch, maritime or air activity near Japan, an
 * exercise). Each is a CoT event plus what an analyst adds: a description, the area or path involved, where the report
 * came from and how far it is believed. The CoT event carries position, time and symbol; this layer carries meaning.
 */
export type SecurityEventKind = 'missile-launch' | 'maritime-activity' | 'air-activity' | 'exercise';

/** GeoJSON geometry, WGS84 [lon, lat] (RFC 7946 order). */
export type EventGeometry =
  | { type: 'Point'; coordinates: [number, number] }
  | { type: 'LineString'; coordinates: [number, number][] }
  | { type: 'Polygon'; coordinates: [number, number][][] };

export interface EventSource {
  /** E.g. 'JMOD press release', 'JTF sensor feed'. */
  name: string;
  reference?: string;
  reportedAt: Instant;
}

/** NATO admiralty-style credibility collapsed to four words a banner can show. */
export type Confidence = 'confirmed' | 'probable' | 'possible' | 'doubtful';

interface SecurityEventBase {
  kind: SecurityEventKind;
  cot: CotEvent;
  description: string;
  geometry: EventGeometry;
  source: EventSource;
  confidence: Confidence;
  label: SecurityLabel;
}

export interface MissileLaunchEvent extends SecurityEventBase {
  kind: 'missile-launch';
  /** Launch point is `cot.point`; impact area when assessed. */
  impactArea?: EventGeometry;
  apogeeKm?: number;
  rangeKm?: number;
}

export interface MaritimeActivityEvent extends SecurityEventBase {
  kind: 'maritime-activity';
  vesselCount?: number;
  /** E.g. 'Miyako Strait transit'. */
  activity?: string;
}

export interface AirActivityEvent extends SecurityEventBase {
  kind: 'air-activity';
  aircraftCount?: number;
  /** Whether air defence fighters were scrambled. */
  scrambled?: boolean;
}

export interface ExerciseEvent extends SecurityEventBase {
  kind: 'exercise';
  exerciseName: string;
  participants: string[];
}

export type SecurityEvent = MissileLaunchEvent | MaritimeActivityEvent | AirActivityEvent | ExerciseEvent;

/** The CoT type family each kind is drawn with; the affiliation letter is set by the reporter. */
export const KIND_COT_DIMENSION: Record<SecurityEventKind, string> = {
  'missile-launch': 'A-W-M',
  'maritime-activity': 'S',
  'air-activity': 'A',
  exercise: 'G',
};

function checkPosition([lon, lat]: [number, number], path: string): void {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
    fail('C2_BAD_POSITION', `${path}: [${lon}, ${lat}] is not a WGS84 [lon, lat]`, path);
  }
}

export function validateGeometry(geometry: EventGeometry, path = 'geometry'): EventGeometry {
  if (geometry.type === 'Point') checkPosition(geometry.coordinates, path);
  else if (geometry.type === 'LineString') {
    if (geometry.coordinates.length < 2) fail('C2_BAD_POSITION', `${path}: a line needs two positions`, path);
    for (const [i, p] of geometry.coordinates.entries()) checkPosition(p, `${path}[${i}]`);
  } else {
    for (const [r, ring] of geometry.coordinates.entries()) {
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (ring.length < 4 || !first || !last || first[0] !== last[0] || first[1] !== last[1]) {
        fail('C2_BAD_POSITION', `${path}[${r}]: a polygon ring needs four positions and must close`, path);
      }
      for (const [i, p] of ring.entries()) checkPosition(p, `${path}[${r}][${i}]`);
    }
  }
  return geometry;
}

/** Checks a security event: its geometry, that the CoT type fits the kind, and that a kind's counts make sense. */
export function validateSecurityEvent<E extends SecurityEvent>(event: E): E {
  if (!event.description.trim()) fail('C2_BAD_INPUT', 'description: empty', 'description');
  validateGeometry(event.geometry);
  if (event.kind === 'missile-launch' && event.impactArea) validateGeometry(event.impactArea, 'impactArea');
  const dimension = event.cot.type.split('-').slice(2).join('-');
  if (event.kind !== 'exercise' && !`${dimension}-`.startsWith(`${KIND_COT_DIMENSION[event.kind]}-`)) {
    fail('C2_BAD_INPUT', `cot.type: '${event.cot.type}' does not fit a ${event.kind}`, 'cot.type');
  }
  if (event.kind === 'exercise' && !event.exerciseName.trim()) {
    fail('C2_BAD_INPUT', 'exerciseName: empty', 'exerciseName');
  }
  for (const key of ['apogeeKm', 'rangeKm', 'vesselCount', 'aircraftCount'] as const) {
    const value = (event as Partial<Record<typeof key, number>>)[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      fail('C2_BAD_INPUT', `${key}: ${value} is not a non-negative number`, key);
    }
  }
  return event;
}
