import { describe, expect, it } from 'vitest';
import type { TrackReport } from '../../web/src/endpoints/tracks.js';
import { ReplayTimeline, TrackStore } from '../../web/src/map/trackStore.js';

const report = (uid: string, time: string, lon: number, staleSeconds = 60, type = 'a-f-S-C'): TrackReport => ({
  uid,
  type,
  how: 'm-g',
  time,
  stale: new Date(Date.parse(time) + staleSeconds * 1000).toISOString(),
  lat: 35,
  lon,
  affiliation: 'f',
  source: 'test',
  label: { classification: 'UNCLASSIFIED', releasableTo: null, caveats: [] },
  portion: '(U)',
});

const project = (lon: number, lat: number): [number, number] => [lon * 10, lat * 10];

describe('TrackStore', () => {
  it('keeps the newest report per track, ignores older ones and counts changes in its version', () => {
    let symbolized = 0;
    const store = new TrackStore(project, (type) => {
      symbolized++;
      return `sidc:${type}`;
    });
    store.ingest([report('a', '2026-01-01T00:00:10.000Z', 130), report('b', '2026-01-01T00:00:10.000Z', 131)]);
    const v1 = store.version;
    store.ingest([report('a', '2026-01-01T00:00:05.000Z', 999)]);
    expect(store.tracks.get('a')?.x).toBe(1300);
    expect(store.version).toBe(v1);
    store.ingest([report('a', '2026-01-01T00:00:20.000Z', 132)]);
    expect(store.tracks.get('a')?.x).toBe(1320);
    expect(store.version).toBeGreaterThan(v1);
    // The symbol is looked up once per type, not per report.
    expect(symbolized).toBe(2);
    expect(store.tracks.get('b')?.sidc).toBe('sidc:a-f-S-C');
  });

  it('sweeps tracks once their stale time has passed', () => {
    const store = new TrackStore(project, () => 's');
    store.ingest([report('a', '2026-01-01T00:00:00.000Z', 130, 10), report('b', '2026-01-01T00:00:00.000Z', 130, 60)]);
    expect(store.sweep(Date.parse('2026-01-01T00:00:10.000Z'))).toBe(1);
    expect([...store.tracks.keys()]).toEqual(['b']);
  });
});

describe('ReplayTimeline', () => {
  const window = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' };
  const reports = [
    report('a', '2026-01-01T00:10:00.000Z', 131, 600),
    report('a', '2026-01-01T00:00:00.000Z', 130, 600),
    report('b', '2026-01-01T00:30:00.000Z', 140, 60),
  ];
  const timeline = new ReplayTimeline(reports, window);
  const at = (iso: string) => timeline.at(Date.parse(iso)).map((r) => `${r.uid}@${r.lon}`);

  it('shows each track at its last report at or before the cursor, whatever the input order', () => {
    expect(at('2026-01-01T00:05:00.000Z')).toEqual(['a@130']);
    expect(at('2026-01-01T00:10:00.000Z')).toEqual(['a@131']);
    expect(at('2026-01-01T00:15:00.000Z')).toEqual(['a@131']);
  });

  it('drops a track whose last report has gone stale, and shows nothing before the first report', () => {
    expect(at('2026-01-01T00:30:30.000Z')).toEqual(['b@140']);
    expect(at('2026-01-01T00:31:00.000Z')).toEqual([]);
    expect(timeline.at(Date.parse(window.from) - 1)).toEqual([]);
    expect(timeline.trackCount).toBe(2);
    expect(timeline.endMs - timeline.startMs).toBe(3_600_000);
  });
});
