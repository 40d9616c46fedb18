import { useEffect, useRef, useState } from 'react';
import { useMarking } from '../marking.js';
import { tracksApi } from '../endpoints/tracks.js';
import { openTrackStream, type StreamStatus } from './stream.js';
import { ReplayTimeline, type TrackStore } from './trackStore.js';

export type TrackMode = 'off' | 'live' | 'replay';

export interface ReplayState {
  timeline: ReplayTimeline | null;
  loading: boolean;
  error: Error | null;
  cursor: number;
  setCursor: (ms: number) => void;
  playing: boolean;
  setPlaying: (playing: boolean) => void;
  speed: number;
  setSpeed: (speed: number) => void;
}

/**
 * Feeds the track store: in live mode from the WebSocket (stale tracks swept each second), in replay mode from a
 * window of history positioned at a cursor that plays at `speed` times real time. `redraw` is called after each change.
 */
export function useTrackFeed(
  store: TrackStore,
  mode: TrackMode,
  range: { from: string; to: string },
  redraw: () => void,
): { status: StreamStatus | 'replay' | 'off'; count: number; replay: ReplayState } {
  const [status, setStatus] = useState<StreamStatus | 'replay' | 'off'>('off');
  const [count, setCount] = useState(0);
  const lastCount = useRef(0);
  const redrawRef = useRef(redraw);
  redrawRef.current = redraw;

  // The count shown on screen is refreshed at most twice a second: a React render per frame would cost more than the map.
  useEffect(() => {
    const timer = setInterval(() => {
      if (lastCount.current !== store.tracks.size) {
        lastCount.current = store.tracks.size;
        setCount(store.tracks.size);
      }
    }, 500);
    return () => clearInterval(timer);
  }, [store]);

  useEffect(() => {
    if (mode !== 'live') return;
    store.replace([]);
    redrawRef.current();
    const close = openTrackStream((reports) => {
      store.ingest(reports);
      redrawRef.current();
    }, setStatus);
    const sweep = setInterval(() => {
      if (store.sweep(Date.now())) redrawRef.current();
    }, 1000);
    return () => {
      close();
      clearInterval(sweep);
      setStatus('off');
    };
  }, [mode, store]);

  const [timeline, setTimeline] = useState<ReplayTimeline | null>(null);
  const [marking, setMarking] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [cursor, setCursor] = useState(() => Date.parse(range.from));
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(60);
  useMarking(mode === 'replay' ? marking : null);

  useEffect(() => {
    if (mode !== 'replay') return;
    setStatus('replay');
    setLoading(true);
    setError(null);
    setPlaying(false);
    const controller = new AbortController();
    tracksApi.window(range.from, range.to, controller.signal).then(
      (answer) => {
        if (controller.signal.aborted) return;
        setTimeline(new ReplayTimeline(answer.tracks, range));
        setMarking(answer.marking);
        setCursor(Date.parse(range.from));
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
    return () => {
      controller.abort();
      setTimeline(null);
      setStatus('off');
    };
  }, [mode, range]);

  useEffect(() => {
    if (mode !== 'replay' || !timeline) return;
    store.replace(timeline.at(cursor));
    redrawRef.current();
  }, [mode, timeline, cursor, store]);

  useEffect(() => {
    if (!playing || !timeline) return;
    let frame = 0;
    let last = performance.now();
    const tick = (now: number) => {
      const step = (now - last) * speed;
      last = now;
      setCursor((c) => {
        const next = Math.min(timeline.endMs, c + step);
        if (next >= timeline.endMs) setPlaying(false);
        return next;
      });
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, timeline]);

  useEffect(() => {
    if (mode === 'off') {
      store.replace([]);
      redrawRef.current();
    }
  }, [mode, store]);

  return {
    status,
    count,
    replay: { timeline, loading, error, cursor, setCursor, playing, setPlaying, speed, setSpeed },
  };
}
