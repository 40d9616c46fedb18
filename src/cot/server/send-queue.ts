/**
 * A bounded queue of frames waiting for one client's socket. The drop policy, in order, when it is full:
 *  1. a position report replaces the queued report of the same uid (the newer position supersedes the older);
 *  2. else the oldest queued position report is dropped to make room;
 *  3. else a position report is itself dropped, while a message that must arrive (chat, alerts, anything addressed
 *     with marti/dest, markers) overflows: the caller disconnects the client, because silently losing it is worse.
 */
export interface Outgoing {
  bytes: Uint8Array;
  /** The uid of a position report; absent for messages that must arrive. */
  coalesceKey?: string;
}

export type Enqueued = 'queued' | 'coalesced' | 'dropped-oldest' | 'dropped' | 'overflow';

interface Slot {
  bytes: Uint8Array;
  key: string | undefined;
  live: boolean;
}

export class SendQueue {
  private slots: Slot[] = [];
  private readonly byKey = new Map<string, Slot>();
  private live = 0;
  /** Position reports lost to the policy since the client connected. */
  dropped = 0;

  constructor(readonly limit: number) {}

  get length(): number {
    return this.live;
  }

  push(out: Outgoing): Enqueued {
    if (this.live < this.limit) {
      this.append(out);
      return 'queued';
    }
    if (out.coalesceKey !== undefined) {
      const same = this.byKey.get(out.coalesceKey);
      if (same?.live) {
        same.bytes = out.bytes;
        this.dropped += 1;
        return 'coalesced';
      }
    }
    const oldest = this.slots.find((slot) => slot.live && slot.key !== undefined);
    if (oldest) {
      oldest.live = false;
      this.live -= 1;
      if (this.byKey.get(oldest.key!) === oldest) this.byKey.delete(oldest.key!);
      this.dropped += 1;
      this.append(out);
      return 'dropped-oldest';
    }
    if (out.coalesceKey !== undefined) {
      this.dropped += 1;
      return 'dropped';
    }
    return 'overflow';
  }

  /** Everything queued, oldest first; the queue is empty afterwards. */
  take(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const slot of this.slots) if (slot.live) out.push(slot.bytes);
    this.slots = [];
    this.byKey.clear();
    this.live = 0;
    return out;
  }

  private append(out: Outgoing): void {
    // Dropped slots stay in place until taken; compact so a client that never reads cannot grow the array.
    if (this.slots.length >= 2 * this.limit) this.slots = this.slots.filter((slot) => slot.live);
    const slot: Slot = { bytes: out.bytes, key: out.coalesceKey, live: true };
    this.slots.push(slot);
    if (out.coalesceKey !== undefined) this.byKey.set(out.coalesceKey, slot);
    this.live += 1;
  }
}
