import { dtg } from '../time.js';
import type { ReplayState } from './useTrackFeed.js';

const SPEEDS = [1, 10, 60, 600, 3600];

/** `YYYY-MM-DDTHH:MM` (Zulu) for a datetime-local input. */
export const zuluInput = (iso: string) => iso.slice(0, 16);

/** The replay window (Zulu), a cursor over it, play/pause and speed. */
export function ReplayBar({
  range,
  onWindow,
  replay,
}: {
  range: { from: string; to: string };
  onWindow: (window: { from: string; to: string }) => void;
  replay: ReplayState;
}) {
  const { timeline, cursor } = replay;
  const setBound = (key: 'from' | 'to', value: string) => {
    const ms = Date.parse(`${value}:00Z`);
    if (Number.isFinite(ms)) onWindow({ ...range, [key]: new Date(ms).toISOString() });
  };
  return (
    <section className="replay-bar" aria-label="Replay">
      <div className="replay-row">
        <label className="field inline">
          <span>From (Z)</span>
          <input
            type="datetime-local"
            value={zuluInput(range.from)}
            onChange={(e) => setBound('from', e.currentTarget.value)}
          />
        </label>
        <label className="field inline">
          <span>To (Z)</span>
          <input
            type="datetime-local"
            value={zuluInput(range.to)}
            onChange={(e) => setBound('to', e.currentTarget.value)}
          />
        </label>
        <label className="field inline">
          <span>Speed</span>
          <select value={replay.speed} onChange={(e) => replay.setSpeed(Number(e.currentTarget.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <span className="muted small replay-status">
          {replay.loading
            ? 'Loading…'
            : replay.error
              ? replay.error.message
              : timeline
                ? `${timeline.trackCount} tracks in the window`
                : ''}
        </span>
      </div>
      <div className="replay-row">
        <button
          type="button"
          className="btn primary"
          disabled={!timeline}
          onClick={() => {
            if (timeline && cursor >= timeline.endMs) replay.setCursor(timeline.startMs);
            replay.setPlaying(!replay.playing);
          }}
        >
          {replay.playing ? 'Pause' : 'Play'}
        </button>
        <input
          type="range"
          className="replay-cursor"
          aria-label="Replay time"
          min={timeline?.startMs ?? 0}
          max={timeline?.endMs ?? 1}
          step={1000}
          value={cursor}
          disabled={!timeline}
          onChange={(e) => replay.setCursor(Number(e.currentTarget.value))}
        />
        <span className="mono replay-time" data-testid="replay-time">
          {Number.isFinite(cursor) ? dtg(new Date(cursor).toISOString()) : '—'}
        </span>
      </div>
    </section>
  );
}
