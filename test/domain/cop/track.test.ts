import { describe, expect, it } from 'vitest';
import {
  type CotEvent,
  cotEventFromRaw,
  detailFields,
  detailWithFields,
  eventAttrsOf,
  isCotType,
  pointAttrsOf,
  validateCotEvent,
} from '../../../src/domain/cop/track.js';
import { C2Error } from '../../../src/domain/errors.js';
import { PUBLIC_UNCLASSIFIED } from '../../../src/domain/security/label.js';

const base: CotEvent = {
  version: '2.0',
  uid: 'u1',
  type: 'a-f-G-U-C',
  how: 'm-g',
  time: '2025-03-24T00:00:00.000Z',
  start: '2025-03-24T00:00:00.000Z',
  stale: '2025-03-24T00:05:00.000Z',
  point: { lat: 35, lon: 139, hae: 9999999, ce: 9999999, le: 9999999 },
  detail: [],
  label: PUBLIC_UNCLASSIFIED,
};

function violation(run: () => unknown): { code: string; path?: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(C2Error);
    const e = error as C2Error;
    return { code: e.code, path: e.violations[0]?.path };
  }
  throw new Error('expected a C2Error');
}

describe('CoT event model', () => {
  it('accepts CoT types from the schema grammar and refuses others', () => {
    for (const type of ['a-f-G-U-C-I', 'b-m-p-s-p-loc', 't-x-takp-q', 'a-U-G', 'u-rb-a', 'a-h-G;extra field']) {
      expect(isCotType(type)).toBe(true);
    }
    for (const type of ['', 'a--f', '-a', 'a f', 'a-f-', 'a-.-G']) expect(isCotType(type)).toBe(false);
  });

  it.each([
    [{ point: { ...base.point, lat: -90.0001 } }, 'C2_BAD_POSITION', 'point@lat'],
    [{ point: { ...base.point, lon: 180.5 } }, 'C2_BAD_POSITION', 'point@lon'],
    [{ point: { ...base.point, hae: Number.NaN } }, 'C2_BAD_POSITION', 'point@hae'],
    [{ point: { ...base.point, le: Number.POSITIVE_INFINITY } }, 'C2_BAD_POSITION', 'point@le'],
    [{ stale: '2025-03-23T23:59:59.999Z' }, 'C2_BAD_TIME', 'event@stale'],
    [{ type: 'a f' }, 'C2_BAD_INPUT', 'event@type'],
    [{ how: 'm g' }, 'C2_BAD_INPUT', 'event@how'],
    [{ uid: '' }, 'C2_BAD_INPUT', 'event@uid'],
    [{ qos: '1-r' }, 'C2_BAD_INPUT', 'event@qos'],
  ])('rejects %o', (change, code, path) => {
    expect(violation(() => validateCotEvent({ ...base, ...change }))).toEqual({ code, path });
  });

  it('accepts the edges of the valid ranges', () => {
    const edge = { ...base, point: { lat: -90, lon: 180, hae: -400, ce: 0, le: 0 }, stale: base.start };
    expect(validateCotEvent(edge)).toBe(edge);
  });

  it('builds events from raw attributes, naming the attribute at fault', () => {
    const raw = {
      eventAttrs: [
        ['uid', 'x'],
        ['type', 'a-f-G'],
        ['time', '2025-03-24T00:00:00Z'],
        ['start', '2025-03-24T00:00:00Z'],
        ['stale', '2025-03-24T00:00:00Z'],
      ] as [string, string][],
      pointAttrs: [
        ['lat', '1'],
        ['lon', '2'],
        ['hae', '0'],
        ['ce', '1'],
        ['le', '1'],
      ] as [string, string][],
      detail: [],
      detailFirst: false,
      hasDetail: false,
    };
    const event = cotEventFromRaw(raw, PUBLIC_UNCLASSIFIED, 'tcp:1');
    expect(event).toMatchObject({ version: '2.0', source: 'tcp:1', point: { lat: 1, lon: 2 } });
    expect(event.how).toBeUndefined();
    const missing = { ...raw, pointAttrs: raw.pointAttrs.slice(1) };
    expect(violation(() => cotEventFromRaw(missing, PUBLIC_UNCLASSIFIED))).toEqual({
      code: 'C2_BAD_INPUT',
      path: 'point@lat',
    });
    const hex = { ...raw, pointAttrs: [['lat', '0x10'], ...raw.pointAttrs.slice(1)] as [string, string][] };
    expect(violation(() => cotEventFromRaw(hex, PUBLIC_UNCLASSIFIED))).toEqual({
      code: 'C2_BAD_POSITION',
      path: 'point@lat',
    });
  });

  it('lays out attributes of a fresh event in schema order, and keeps wire spelling of unchanged values', () => {
    expect(eventAttrsOf(base).map(([name]) => name)).toEqual([
      'version',
      'uid',
      'type',
      'how',
      'time',
      'start',
      'stale',
    ]);
    const layout = {
      eventAttrs: [
        ['stale', '2025-03-24T00:05:00Z'],
        ['x', 'y'],
        ['uid', 'u1'],
      ] as [string, string][],
      pointAttrs: [
        ['ce', '9999999.0'],
        ['lat', '35.000'],
      ] as [string, string][],
      detailFirst: false,
      hasDetail: true,
    };
    const event = { ...base, layout };
    expect(eventAttrsOf(event).slice(0, 3)).toEqual([
      ['stale', '2025-03-24T00:05:00Z'],
      ['x', 'y'],
      ['uid', 'u1'],
    ]);
    expect(pointAttrsOf(event).slice(0, 2)).toEqual([
      ['ce', '9999999.0'],
      ['lat', '35.000'],
    ]);
    expect(pointAttrsOf({ ...event, point: { ...base.point, lat: 35.5 } })[1]).toEqual(['lat', '35.5']);
  });

  it('reads typed fields leniently and writes them back without touching the rest', () => {
    const detail = [
      {
        name: 'track',
        attrs: [
          ['course', 'junk'],
          ['speed', '3.0'],
        ] as [string, string][],
        children: [],
      },
      { name: 'remarks', attrs: [['source', 'x']] as [string, string][], children: ['hello'] },
      { name: 'other', attrs: [], children: ['keep'] },
    ];
    expect(detailFields(detail)).toEqual({ speed: 3, remarks: 'hello' });
    const unchanged = { ...base, detail, ...detailFields(detail) };
    expect(detailWithFields(unchanged)).toBe(detail);
    const changed = detailWithFields({ ...unchanged, remarks: undefined, speed: 3, course: 45 });
    expect(changed).toEqual([
      {
        name: 'track',
        attrs: [
          ['course', '45'],
          ['speed', '3.0'],
        ],
        children: [],
      },
      { name: 'other', attrs: [], children: ['keep'] },
    ]);
  });
});
