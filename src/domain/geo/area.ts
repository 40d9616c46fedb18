import { fail } from '../errors.js';

/**
 * Planar tests on GeoJSON geometries (lon/lat treated as x/y). Exact enough for mission areas of theatre size away
 * from the poles; areas crossing the antimeridian must be split into a MultiPolygon, as RFC 7946 asks.
 */
export type Position = number[];
export interface Point {
  type: 'Point';
  coordinates: Position;
}
export interface MultiPoint {
  type: 'MultiPoint';
  coordinates: Position[];
}
export interface LineString {
  type: 'LineString';
  coordinates: Position[];
}
export interface MultiLineString {
  type: 'MultiLineString';
  coordinates: Position[][];
}
export interface Polygon {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export interface GeometryCollection {
  type: 'GeometryCollection';
  geometries: Geometry[];
}
export type Geometry = Point | MultiPoint | LineString | MultiLineString | Polygon | MultiPolygon | GeometryCollection;
export type Areal = Polygon | MultiPolygon;

/** [west, south, east, north]. */
export type BBox = [number, number, number, number];

function positions(geometry: Geometry): Position[] {
  switch (geometry?.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
    case 'GeometryCollection':
      return geometry.geometries.flatMap(positions);
    default:
      return fail(
        'C2_BAD_POSITION',
        `geometry type '${String((geometry as Geometry)?.type)}' is not supported`,
        'type',
      );
  }
}

export function bbox(geometry: Geometry): BBox {
  const all = positions(geometry);
  if (all.length === 0) fail('C2_BAD_POSITION', 'geometry has no coordinates', 'coordinates');
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of all) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) fail('C2_BAD_POSITION', `position [${x}, ${y}] is not numeric`);
    box[0] = Math.min(box[0], x!);
    box[1] = Math.min(box[1], y!);
    box[2] = Math.max(box[2], x!);
    box[3] = Math.max(box[3], y!);
  }
  return box;
}

/** Polygons as lists of rings (outer first, then holes), each ring checked and without its closing repeat. */
function polygonsOf(area: Areal): Position[][][] {
  const polygons =
    area?.type === 'Polygon' ? [area.coordinates] : area?.type === 'MultiPolygon' ? area.coordinates : null;
  if (!polygons) fail('C2_BAD_POSITION', `expected a Polygon or MultiPolygon, got '${String(area?.type)}'`, 'type');
  return polygons.map((rings) => {
    if (rings.length === 0) fail('C2_BAD_POSITION', 'polygon has no outer ring', 'coordinates');
    return rings.map((ring) => {
      const first = ring[0];
      const last = ring[ring.length - 1];
      const open = first && last && first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring;
      if (open.length < 3)
        fail('C2_BAD_POSITION', 'a polygon ring needs at least three distinct positions', 'coordinates');
      return open;
    });
  });
}

function cross(o: Position, a: Position, b: Position): number {
  return (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);
}

function onSegment(p: Position, a: Position, b: Position): boolean {
  return (
    cross(a, b, p) === 0 &&
    Math.min(a[0]!, b[0]!) <= p[0]! &&
    p[0]! <= Math.max(a[0]!, b[0]!) &&
    Math.min(a[1]!, b[1]!) <= p[1]! &&
    p[1]! <= Math.max(a[1]!, b[1]!)
  );
}

/** 1 inside, 0 on the boundary, -1 outside (even-odd ray casting). */
function ringSide(p: Position, ring: Position[]): number {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (onSegment(p, a, b)) return 0;
    if (a[1]! > p[1]! !== b[1]! > p[1]! && p[0]! < ((b[0]! - a[0]!) * (p[1]! - a[1]!)) / (b[1]! - a[1]!) + a[0]!) {
      inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

function inPolygon(p: Position, rings: Position[][]): boolean {
  const [outer, ...holes] = rings;
  const side = ringSide(p, outer!);
  if (side < 0) return false;
  if (side === 0) return true;
  // A point on a hole's edge is on the area's boundary, so it counts as inside.
  return holes.every((hole) => ringSide(p, hole) <= 0);
}

/** Whether the point lies in the area; points on any boundary (outer or hole edge) count as inside. */
export function pointInArea(point: { lat: number; lon: number }, area: Areal): boolean {
  const p = [point.lon, point.lat];
  return polygonsOf(area).some((rings) => inPolygon(p, rings));
}

function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return onSegment(a, c, d) || onSegment(b, c, d) || onSegment(c, a, b) || onSegment(d, a, b);
}

function edges(rings: Position[][]): Array<[Position, Position]> {
  return rings.flatMap((ring) => ring.map((p, i) => [p, ring[(i + 1) % ring.length]!] as [Position, Position]));
}

function polygonsMeet(a: Position[][], b: Position[][]): boolean {
  const eb = edges(b);
  for (const [p, q] of edges(a)) {
    for (const [r, s] of eb) if (segmentsMeet(p, q, r, s)) return true;
  }
  // No edges meet, so each polygon lies wholly inside or wholly outside the other: one vertex decides.
  return inPolygon(a[0]![0]!, b) || inPolygon(b[0]![0]!, a);
}

/** Whether two areas share at least one point (touching edges count), holes respected. */
export function areasIntersect(a: Areal, b: Areal): boolean {
  const pa = polygonsOf(a);
  const pb = polygonsOf(b);
  return pa.some((x) => pb.some((y) => polygonsMeet(x, y)));
}
