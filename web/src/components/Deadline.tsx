import { timeLeft } from '../deadline.js';
import type { Dtg } from '../endpoints/coordination.js';

const ZONE_NAMES: Record<string, string> = { 'Asia/Tokyo': 'Japan', 'Pacific/Honolulu': 'Hawaii' };

/** A deadline as date-time groups: Zulu first, then each party's local zone (deduplicated), and the time left. */
export function Deadline({
  deadline,
  now,
  state,
  overdue,
}: {
  deadline: Dtg | null;
  now: number;
  state: string;
  /** The server's verdict (it also counts a lapse already on record). */
  overdue: boolean;
}) {
  if (!deadline) return <span className="muted">none</span>;
  const locals = deadline.local.filter((l, i, all) => all.findIndex((o) => o.dtg === l.dtg) === i);
  const left = timeLeft(deadline.instant, now);
  // Once answered or closed nothing is owed: the countdown no longer applies.
  const settled = state === 'ANSWERED' || state === 'CLOSED';
  const late = overdue || (!settled && left.overdue);
  return (
    <span className={`deadline${late ? ' overdue' : ''}`} data-testid="deadline">
      <span className="mono dtg-zulu" title="Zulu (UTC)">
        {deadline.zulu}
      </span>
      {locals.map((l) => (
        <span key={l.dtg} className="mono dtg-local" title={`${l.timeZone} (zone ${l.letter})`}>
          {l.dtg}
          <span className="zone-name"> {ZONE_NAMES[l.timeZone] ?? l.timeZone}</span>
        </span>
      ))}
      {!settled && <span className="time-left">{left.text}</span>}
    </span>
  );
}
