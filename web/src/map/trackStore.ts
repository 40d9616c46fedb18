import type { TrackReport } from '../endpoints/tracks.js';

/** A track as the map draws it: projected once when it arrives, so a frame only transforms to pixels. */
export interface Track {
  uid: string;
  x: number;
  y: number;
  sidc: string;
  report: TrackReport;
  staleMs: number;
}

export type Project = (lon: number, lat: number) => [number, number];
export type Symbolize = (type: string) => string;

/**
 * The tracks on the map, by uid; a newer report replaces an older one in place, an older one is ignored. Pure: the
 * projection and the CoT-type-to-SIDC mapping are given.
 */
export class TrackStore {
  readonly tracks = new Map<string, Track>();
  /** Bumped on every change, so a layer can tell whether to redraw. */
  version = 0;

  constructor(
    private readonly project: Project,
    private readonly symbolize: Symbolize,
  ) {}

  ingest(reports: readonly TrackReport[]): number {
    let changed = 0;
    for (const report of reports) {
      const current = this.tracks.get(report.uid);
      if (current && current.report.time > report.time) continue;
      const [x, y] = this.project(report.lon, report.lat);
      const sidc = current?.report.type === report.type ? current.sidc : this.symbolize(report.type);
      this.tracks.set(report.uid, { uid: report.uid, x, y, sidc, report, staleMs: Date.parse(report.stale) });
      changed++;
    }
    if (changed) this.version++;
    return changed;
  }

  /** Drops tracks whose stale time has passed; returns how many. */
  sweep(nowMs: number): number {
    let dropped = 0;
    for (const [uid, track] of this.tracks) {
      if (track.staleMs <= nowMs) {
        this.tracks.delete(uid);
        dropped++;
      }
    }
    if (dropped) this.version++;
    return dropped;
  }

  /** Replaces every track (a replay frame). */
  replace(reports: readonly TrackReport[]): void {
    this.tracks.clear();
    this.ingest(reports);
    this.version++;
  }
}

/**
 * A window of history for replay: each track's reports in time order, and the picture at any instant (each track's
 * last report at or before it, unless already stale).
 */
export class ReplayTimeline {
  private readonly byTrack = new Map<string, { times: number[]; reports: TrackReport[] }>();
  readonly startMs: number;
  readonly endMs: number;

  constructor(reports: readonly TrackReport[], window: { from: string; to: string }) {
    const sorted = [...reports].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    for (const report of sorted) {
      let entry = this.byTrack.get(report.uid);
      if (!entry) {
        entry = { times: [], reports: [] };
        this.byTrack.set(report.uid, entry);
      }
      entry.times.push(Date.parse(report.time));
      entry.reports.push(report);
    }
    this.startMs = Date.parse(window.from);
    this.endMs = Date.parse(window.to);
  }

  get trackCount(): number {
    return this.byTrack.size;
  }

  at(ms: number): TrackReport[] {
    const out: TrackReport[] = [];
    for (const { times, reports } of this.byTrack.values()) {
      // Last index with times[i] <= ms.
      let lo = 0;
      let hi = times.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (times[mid]! <= ms) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const report = found >= 0 ? reports[found] : undefined;
      if (report && Date.parse(report.stale) > ms) out.push(report);
    }
    return out;
  }
}
