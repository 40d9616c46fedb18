import { setQuery } from '../router.js';
import {
  clampDay,
  DAY_INDEX_STEP_PAGE,
  dayFromIndex,
  dayIndex,
  dayOf,
  dtg,
  isIsoTime,
  LAST_DAY_INDEX,
  SCENARIO_FIRST_DAY,
  SCENARIO_LAST_DAY,
  todayUtc,
  useTimes,
} from '../time.js';

/** Slider positions of each 1 January: Chromium draws them as tick marks. */
const YEAR_TICKS = Array.from(
  { length: Number(SCENARIO_LAST_DAY.slice(0, 4)) - Number(SCENARIO_FIRST_DAY.slice(0, 4)) + 1 },
  (_, i) => dayIndex(`${Number(SCENARIO_FIRST_DAY.slice(0, 4)) + i}-01-01`),
);

/**
 * The one global time control: valid time ("as at", a slider over the scenario years plus a date field) and record
 * time ("as known on"). Both live in the URL query; an empty value means "now".
 */
export function TimeControl() {
  const { at, knownAt } = useTimes();
  const today = todayUtc();
  const atDay = clampDay(at ? dayOf(at) : today);
  const setAt = (day: string | null) => setQuery({ at: day });
  const onDate = (value: string) => {
    if (isIsoTime(value)) setAt(clampDay(value));
  };
  return (
    <fieldset className="time-control" aria-label="Time">
      <legend className="visually-hidden">Time</legend>
      <label className="time-label" htmlFor="at-slider">
        As at
      </label>
      <span className="year-tick" aria-hidden="true">
        {SCENARIO_FIRST_DAY.slice(0, 4)}
      </span>
      <input
        id="at-slider"
        className="time-slider"
        type="range"
        min={0}
        max={LAST_DAY_INDEX}
        step={1}
        value={dayIndex(atDay)}
        aria-label="Valid date"
        aria-valuetext={atDay}
        list="year-ticks"
        onChange={(e) => setAt(dayFromIndex(Number(e.currentTarget.value)))}
        onKeyDown={(e) => {
          // Arrows move a day (native); PageUp/PageDown move a month, so a year is a dozen presses.
          if (e.key === 'PageUp' || e.key === 'PageDown') {
            e.preventDefault();
            const step = e.key === 'PageUp' ? DAY_INDEX_STEP_PAGE : -DAY_INDEX_STEP_PAGE;
            setAt(dayFromIndex(Math.min(Math.max(dayIndex(atDay) + step, 0), LAST_DAY_INDEX)));
          }
        }}
      />
      <datalist id="year-ticks">
        {YEAR_TICKS.map((index) => (
          <option key={index} value={index} />
        ))}
      </datalist>
      <span className="year-tick" aria-hidden="true">
        {SCENARIO_LAST_DAY.slice(0, 4)}
      </span>
      <input
        className="date-input"
        type="date"
        min={SCENARIO_FIRST_DAY}
        max={SCENARIO_LAST_DAY}
        value={atDay}
        aria-label="Valid date (as at)"
        onChange={(e) => onDate(e.currentTarget.value)}
      />
      <button type="button" className="btn" onClick={() => setAt(null)} disabled={at === null} title="Show today">
        Today
      </button>
      <span className="dtg" title="Date-time group (UTC)">
        {dtg(at ?? today)}
      </span>
      <span className="time-sep" aria-hidden="true" />
      <label className="time-label" htmlFor="known-at">
        As known on
      </label>
      <input
        id="known-at"
        className="date-input"
        type="date"
        value={knownAt ? dayOf(knownAt) : ''}
        max={today}
        aria-label="Record date (as known on); empty means now"
        onChange={(e) => setQuery({ knownAt: isIsoTime(e.currentTarget.value) ? e.currentTarget.value : null })}
      />
      <button
        type="button"
        className="btn"
        onClick={() => setQuery({ knownAt: null })}
        disabled={knownAt === null}
        title="Use everything recorded up to now"
      >
        Now
      </button>
    </fieldset>
  );
}
