/** How long until a deadline, as a staff reads it: "2 d 4 h left", "35 min left", "overdue 3 h". */
export function timeLeft(deadline: string, now: number): { text: string; overdue: boolean } {
  const ms = Date.parse(deadline) - now;
  const overdue = ms <= 0;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const span = days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${mins} min` : `${mins} min`;
  return { text: overdue ? `overdue ${span}` : `${span} left`, overdue };
}
