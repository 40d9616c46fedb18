import type { SecurityLabel } from '../../../src/domain/security/label.js';
import { get, type Marked } from '../api.js';

/** A track report as the COP routes send it (REST, replay and the WebSocket feed alike). */
export interface TrackReport {
  uid: string;
  type: string;
  how: string;
  time: string;
  stale: string;
  lat: number;
  lon: number;
  hae?: number | null;
  callsign?: string | null;
  course?: number | null;
  speed?: number | null;
  remarks?: string | null;
  affiliation: string;
  source: string;
  label: SecurityLabel;
  portion: string;
}

/** One message of /api/stream. */
export interface StreamMessage {
  type: 'track';
  track: TrackReport;
}

/** The most the track route returns in one answer. */
export const TRACK_LIMIT = 10_000;

export const tracksApi = {
  /** Every report in a time window (for replay), oldest first after sorting on the client. */
  window: (from: string, to: string, signal?: AbortSignal) =>
    get<Marked & { tracks: TrackReport[] }>('/api/tracks', { from, to, limit: String(TRACK_LIMIT) }, signal),
  streamUrl: () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/stream`,
};
