/**
 * A bounded queue of frames waiting for one client's socket. The drop policy, in order, when it is full:
 *  1. a position report replaces the queued report of the same uid (the newer position supersedes the older);
 *  2. else the oldest queued position report is dropped to make room;
 *  3. else a position report is itself dropped, while a message that must arrive (chat, alerts, anything addressed
 *     with marti/dest, markers) overflows: the caller disconnects the client, because silently losing it is worse.
 * Every receiver queues every event it gets, so the common case (room left) is two array pushes; the uid index the
 * policy needs is built only once the queue is full.
 */
export interface Outgoing {
  bytes: Uint8Array;
  /** The uid of a position report; absent for messages that must arrive. */
  coalesceKey?: string;
}

export type Enqueued = 'queued' | 'coalesced' | 'dropped-oldest' | 'dropped' | 'overflow';

export class SendQueue {
  /** Frames in arrival order; a dropped frame's slot is undefined until the queue is taken. */
  private frames: (Uint8Array | undefined)[] = [];
  private keys: (string | undefined)[] = [];
  /** Slot of the newest queued report of each uid, while the queue is full. */
  private byKey: Map<string, number> | undefined;
  /** Slots before this one hold no position report that could be dropped. */
  private scanFrom = 0;
  private live = 0;
  /** Position reports lost to the policy since the client connected. */
  dropped = 0;

  constructor(readonly limit: number) {}

  get length(): number {
    return this.live;
  }

  push(out: Outgoing): Enqueued {
    if (this.live < this.limit) {
      this.append(out.bytes, out.coalesceKey);
      return 'queued';
    }
    const byKey = this.index();
    if (out.coalesceKey !== undefined) {
      const same = byKey.get(out.coalesceKey);
      if (same !== undefined) {
        this.frames[same] = out.bytes;
        this.dropped += 1;
        return 'coalesced';
      }
    }
    const oldest = this.oldestReport();
    if (oldest >= 0) {
      const key = this.keys[oldest]!;
      this.frames[oldest] = undefined;
      this.live -= 1;
      if (byKey.get(key) === oldest) byKey.delete(key);
      this.dropped += 1;
      this.append(out.bytes, out.coalesceKey);
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
    const out =
      this.live === this.frames.length
        ? (this.frames as Uint8Array[])
        : this.frames.filter((frame): frame is Uint8Array => frame !== undefined);
    this.frames = [];
    this.keys = [];
    this.byKey = undefined;
    this.scanFrom = 0;
    this.live = 0;
    return out;
  }

  private append(bytes: Uint8Array, key: string | undefined): void {
    // Dropped slots stay in place until taken; compact so a client that never reads cannot grow the arrays.
    if (this.frames.length >= 2 * this.limit) this.compact();
    this.frames.push(bytes);
    this.keys.push(key);
    this.live += 1;
    if (this.byKey && key !== undefined) this.byKey.set(key, this.frames.length - 1);
  }

  private index(): Map<string, number> {
    if (!this.byKey) {
      this.byKey = new Map();
      for (let i = 0; i < this.frames.length; i++) {
        const key = this.keys[i];
        if (key !== undefined && this.frames[i] !== undefined) this.byKey.set(key, i);
      }
    }
    return this.byKey;
  }

  private oldestReport(): number {
    for (let i = this.scanFrom; i < this.frames.length; i++) {
      if (this.frames[i] !== undefined && this.keys[i] !== undefined) {
        this.scanFrom = i;
        return i;
      }
    }
    this.scanFrom = this.frames.length;
    return -1;
  }

  private compact(): void {
    const frames: Uint8Array[] = [];
    const keys: (string | undefined)[] = [];
    for (let i = 0; i < this.frames.length; i++) {
      if (this.frames[i] === undefined) continue;
      frames.push(this.frames[i]!);
      keys.push(this.keys[i]);
    }
    this.frames = frames;
    this.keys = keys;
    this.byKey = undefined;
    this.scanFrom = 0;
  }
}
