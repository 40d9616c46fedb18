import { describe, expect, it } from 'vitest';
import {
  type Areal,
  areasIntersect,
  bbox,
  type MultiPolygon,
  type Polygon,
  pointInArea,
} from '../../../src/domain/geo/area.js';

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const poly = (...rings: number[][][]): Polygon => ({ type: 'Polygon', coordinates: rings });
// A 10° box around Okinawa with a 2° hole in its middle.
const DONUT = poly(square(122, 21, 132, 31), square(126, 25, 128, 27));
const at = (lon: number, lat: number) => ({ lat, lon });

describe('pointInArea', () => {
  it('respects the outer ring and holes', () => {
    expect(pointInArea(at(123, 22), DONUT)).toBe(true);
    expect(pointInArea(at(127, 26), DONUT)).toBe(false);
    expect(pointInArea(at(133, 26), DONUT)).toBe(false);
  });

  it('counts points on an outer or hole edge, and on vertices, as inside', () => {
    expect(pointInArea(at(122, 26), DONUT)).toBe(true);
    expect(pointInArea(at(126, 26), DONUT)).toBe(true);
    expect(pointInArea(at(132, 31), DONUT)).toBe(true);
  });

  it('handles concave outlines and MultiPolygons', () => {
    const ell = poly([
      [0, 0],
      [4, 0],
      [4, 1],
      [1, 1],
      [1, 4],
      [0, 4],
    ]);
    expect(pointInArea(at(0.5, 3), ell)).toBe(true);
    expect(pointInArea(at(3, 3), ell)).toBe(false);
    const islands: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 6, 6)]] };
    expect(pointInArea(at(5.5, 5.5), islands)).toBe(true);
    expect(pointInArea(at(3, 3), islands)).toBe(false);
  });

  it('rejects what is not an area', () => {
    expect(() => pointInArea(at(0, 0), { type: 'Point', coordinates: [0, 0] } as unknown as Areal)).toThrow(
      /Polygon or MultiPolygon/,
    );
    expect(() =>
      pointInArea(
        at(0, 0),
        poly([
          [0, 0],
          [1, 1],
          [0, 0],
        ]),
      ),
    ).toThrow(/three distinct/);
  });
});

describe('bbox', () => {
  it('spans every kind of geometry', () => {
    expect(bbox(DONUT)).toEqual([122, 21, 132, 31]);
    expect(bbox({ type: 'Point', coordinates: [139.35, 35.75] })).toEqual([139.35, 35.75, 139.35, 35.75]);
    expect(
      bbox({
        type: 'GeometryCollection',
        geometries: [
          {
            type: 'LineString',
            coordinates: [
              [1, 2],
              [3, -4],
            ],
          },
          { type: 'MultiPolygon', coordinates: [[square(-5, 0, -4, 1)]] },
        ],
      }),
    ).toEqual([-5, -4, 3, 2]);
  });
});

describe('areasIntersect', () => {
  it('finds overlap, containment and touching', () => {
    expect(areasIntersect(poly(square(0, 0, 2, 2)), poly(square(1, 1, 3, 3)))).toBe(true);
    expect(areasIntersect(poly(square(0, 0, 10, 10)), poly(square(4, 4, 5, 5)))).toBe(true);
    expect(areasIntersect(poly(square(4, 4, 5, 5)), poly(square(0, 0, 10, 10)))).toBe(true);
    expect(areasIntersect(poly(square(0, 0, 1, 1)), poly(square(1, 0, 2, 1)))).toBe(true);
  });

  it('finds a cross-shaped overlap where no vertex lies inside the other area', () => {
    expect(areasIntersect(poly(square(0, 2, 6, 4)), poly(square(2, 0, 4, 6)))).toBe(true);
  });

  it('finds no overlap for disjoint areas or an area inside a hole', () => {
    expect(areasIntersect(poly(square(0, 0, 1, 1)), poly(square(2, 2, 3, 3)))).toBe(false);
    expect(areasIntersect(DONUT, poly(square(126.5, 25.5, 127.5, 26.5)))).toBe(false);
    expect(areasIntersect(DONUT, poly(square(127, 26, 129, 27.5)))).toBe(true);
  });

  it('works across MultiPolygon parts', () => {
    const parts: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(10, 10, 11, 11)]] };
    expect(areasIntersect(parts, poly(square(10.5, 10.5, 12, 12)))).toBe(true);
    expect(areasIntersect(parts, poly(square(5, 5, 6, 6)))).toBe(false);
  });
});
