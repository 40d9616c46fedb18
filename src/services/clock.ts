import type { Instant } from '../domain/time/instant.js';

/** The one place services read the time, so tests can pin it and the domain stays clock-free. */
export interface Clock {
  now(): Instant;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** A clock that never goes backwards even if the system clock does: record time must be monotonic. */
export function monotonic(clock: Clock, last: () => Instant | undefined): Clock {
  return {
    now() {
      const now = clock.now();
      const previous = last();
      return previous !== undefined && previous > now ? previous : now;
    },
  };
}
