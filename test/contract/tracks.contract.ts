import { afterEach, describe, expect, it } from 'vitest';
import type { CotEvent } from '../../src/domain/cop/track.js';
import { PUBLIC_UNCLASSIFIED } from '../../src/domain/security/label.js';
import { affiliationOf, type TrackPoint, type TrackStore } from '../../src/store/tracks.js';

const T0 = Date.parse('2026-01-10T00:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function point(
  uid: string,
  minutes: number,
  lat: number,
  lon: number,
  type = 'a-f-G-U-C',
  source = 'feed:a',
): TrackPoint {
  const time = at(minutes);
  const event = { uid, type, time, start: time, stale: at(minutes + 5), point: { lat, lon, hae: 0, ce: 1, le: 1 } };
  return {
    uid,
    type,
    time,
    stale: event.stale,
    lat,
    lon,
    hae: 0,
    affiliation: affiliationOf(type),
    source,
    label: PUBLIC_UNCLASSIFIED,
    event: { ...event, version: '2.0', detail: [], label: PUBLIC_UNCLASSIFIED } as CotEvent,
  };
}

/** One suite for every track store adapter: what the COP's queries rely on. */
export function describeTrackStoreContract(
  name: string,
  open: () => Promise<{ tracks: TrackStore; close(): Promise<void> }>,
) {
  describe(`TrackStore contract: ${name}`, () => {
    let current: { tracks: TrackStore; close(): Promise<void> } | undefined;
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    const fresh = async () => {
      current = await open();
      await current.tracks.migrate();
      await current.tracks.migrate();
      return current.tracks;
    };

    it('stores points and answers bounding-box, time, type, affiliation and source queries', async () => {
      const tracks = await fresh();
      await tracks.append([
        point('tokyo', 0, 35.68, 139.69),
        point('tokyo', 10, 35.7, 139.7),
        point('naha', 5, 26.21, 127.68, 'a-h-S-X', 'feed:b'),
        point('guam', 7, 13.44, 144.79, 'a-n-A-C'),
        point('edge', 8, 30, 130),
        point('dateline', 9, 10, 179.5),
      ]);
      expect(await tracks.count()).toBe(6);
      const japan = await tracks.query({ bbox: [122, 24, 146, 46] });
      expect(japan.map((p) => p.uid)).toEqual(['tokyo', 'naha', 'edge', 'tokyo']);
      // Points on the box edge are inside.
      expect((await tracks.query({ bbox: [130, 30, 131, 31] })).map((p) => p.uid)).toEqual(['edge']);
      // A box across the antimeridian.
      expect((await tracks.query({ bbox: [179, 0, -179, 20] })).map((p) => p.uid)).toEqual(['dateline']);
      expect((await tracks.query({ from: at(5), to: at(8) })).map((p) => p.uid)).toEqual(['naha', 'guam', 'edge']);
      expect((await tracks.query({ type: 'a-h-S' })).map((p) => p.uid)).toEqual(['naha']);
      expect(await tracks.query({ type: 'a-h-S-X-M' })).toEqual([]);
      expect((await tracks.query({ affiliation: 'n' })).map((p) => p.uid)).toEqual(['guam']);
      expect((await tracks.query({ source: 'feed:b' })).map((p) => p.uid)).toEqual(['naha']);
      expect((await tracks.query({ uid: 'tokyo', limit: 1 })).map((p) => p.time)).toEqual([at(0)]);
      const [stored] = await tracks.query({ uid: 'naha' });
      expect(stored).toEqual(point('naha', 5, 26.21, 127.68, 'a-h-S-X', 'feed:b'));
    });

    it('gives the last point of each track in a window', async () => {
      const tracks = await fresh();
      await tracks.append([point('a', 0, 1, 1), point('a', 3, 2, 2), point('b', 1, 3, 3), point('a', 9, 4, 4)]);
      const last = await tracks.latest({ to: at(5) });
      expect(last.map((p) => [p.uid, p.lat])).toEqual([
        ['b', 3],
        ['a', 2],
      ]);
      expect((await tracks.latest({})).map((p) => [p.uid, p.lat])).toEqual([
        ['b', 3],
        ['a', 4],
      ]);
    });

    it('counts only accepted rows toward the limit, in queries and in the latest points', async () => {
      const tracks = await fresh();
      // Ten rows a reader may not read come first; the readable ones lie beyond a limit of five.
      const hidden = Array.from({ length: 10 }, (_, i) => point(`h${i}`, i, 35, 139, 'a-f-G', 'feed:hidden'));
      const shown = Array.from({ length: 8 }, (_, i) => point(`s${i % 4}`, 20 + i, 35, 139, 'a-f-G', 'feed:shown'));
      await tracks.append([...hidden, ...shown]);
      const accept = (p: { source: string }) => p.source === 'feed:shown';
      expect((await tracks.query({ limit: 5, accept })).map((p) => p.time)).toEqual([20, 21, 22, 23, 24].map(at));
      expect(await tracks.query({ limit: 5 })).toHaveLength(5);
      expect((await tracks.query({ limit: 5 })).every((p) => p.source === 'feed:hidden')).toBe(true);
      expect((await tracks.latest({ limit: 3, accept })).map((p) => [p.uid, p.time])).toEqual([
        ['s0', at(24)],
        ['s1', at(25)],
        ['s2', at(26)],
      ]);
      expect(await tracks.query({ limit: 50, accept: () => false })).toEqual([]);
    });

    it('prunes points older than the retention cut-off, index included', async () => {
      const tracks = await fresh();
      await tracks.append([point('a', 0, 35, 139), point('a', 10, 35.1, 139.1), point('b', 20, 35.2, 139.2)]);
      expect(await tracks.prune(at(10))).toBe(1);
      expect(await tracks.count()).toBe(2);
      expect((await tracks.query({ bbox: [138, 34, 140, 36] })).map((p) => p.time)).toEqual([at(10), at(20)]);
    });
  });
}
