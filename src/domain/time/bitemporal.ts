import type { Interval } from './interval.js';
import type { Instant } from './instant.js';

/**
 * A stored version of a record. Valid time lives inside the record (`valid`); record time is `recorded`: when we
 * learned this version [from) and when it was superseded [to). Nothing is overwritten: a change closes `recorded.to`
 * of the old version and adds a new one, so "what did we know at K" is a filter, not a reconstruction.
 */
export interface Versioned<T> {
  record: T;
  recorded: Interval;
  txId: number;
}

export function knownAt<T>(version: Versioned<T>, at: Instant): boolean {
  return version.recorded.from <= at && (version.recorded.to === null || at < version.recorded.to);
}

export function isCurrent<T>(version: Versioned<T>): boolean {
  return version.recorded.to === null;
}
