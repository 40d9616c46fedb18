import { type StreamMessage, type TrackReport, tracksApi } from '../endpoints/tracks.js';

export type StreamStatus = 'connecting' | 'live' | 'closed';

/**
 * The live feed: a WebSocket to /api/stream whose reports are queued and handed over once per animation frame, so a
 * burst of ten thousand updates costs one store pass and one redraw, not ten thousand. Reconnects with backoff.
 */
export function openTrackStream(
  onReports: (reports: TrackReport[]) => void,
  onStatus: (status: StreamStatus) => void,
): () => void {
  let socket: WebSocket | null = null;
  let pending: TrackReport[] = [];
  let frame = 0;
  let retry = 0;
  let timer = 0;
  let stopped = false;

  const flush = () => {
    frame = 0;
    const batch = pending;
    pending = [];
    if (batch.length) onReports(batch);
  };

  const connect = () => {
    onStatus('connecting');
    socket = new WebSocket(tracksApi.streamUrl());
    socket.onopen = () => {
      retry = 0;
      onStatus('live');
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as StreamMessage;
      if (message.type !== 'track') return;
      pending.push(message.track);
      if (!frame) frame = requestAnimationFrame(flush);
    };
    socket.onclose = () => {
      socket = null;
      if (stopped) return;
      onStatus('closed');
      // 0.5 s, 1 s, 2 s … up to 15 s between attempts.
      timer = window.setTimeout(connect, Math.min(15_000, 500 * 2 ** retry++));
    };
  };
  connect();

  return () => {
    stopped = true;
    clearTimeout(timer);
    if (frame) cancelAnimationFrame(frame);
    socket?.close();
  };
}
