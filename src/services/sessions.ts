import { randomBytes } from 'node:crypto';
import { C2Error } from '../domain/errors.js';
import { addMs, type Instant } from '../domain/time/instant.js';
import type { SessionRecord, Store, TokenRecord, UserRecord } from '../store/port.js';
import type { Actor } from './actor.js';
import type { AuditService } from './audit.js';
import type { Clock } from './clock.js';
import { constantTimeEqual, hashPassword, hashToken, newApiToken, verifyPassword } from './credentials.js';
import { actorOf } from './identity.js';

export interface SessionSettings {
  /** A session unused this long ends (default 30 min). */
  idleMs: number;
  /** A session ends this long after sign-in however active (default 12 h). */
  absoluteMs: number;
  /** Failed sign-ins allowed per username and address within the window (default 5). */
  maxFailures: number;
  /** Failed sign-ins allowed per address, any username, within the window (default 50). */
  maxFailuresPerAddress: number;
  failureWindowMs: number;
  /** Longest API token life (default 365 days). */
  maxTokenMs: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
  maxFailures: 5,
  maxFailuresPerAddress: 50,
  failureWindowMs: 15 * 60_000,
  maxTokenMs: 365 * 86_400_000,
};

/** Only refresh lastSeenAt this often: a read must not cost a write each time. */
const TOUCH_EVERY_MS = 60_000;

const secret = () => randomBytes(32).toString('base64url');

export interface SignedIn {
  /** The cookie value: random, shown to this client only, stored as its hash. */
  sessionId: string;
  /** The double-submit CSRF token for unsafe requests made with the cookie. */
  csrfToken: string;
  actor: Actor;
  expiresAt: Instant;
}

/**
 * Failed attempts in a sliding window, per key, kept in the store: every process on one database counts the same
 * failures, and a restart does not forgive them.
 */
class FailureWindow {
  constructor(
    private readonly store: Store,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0. */
  async retryAfter(key: string, now: number): Promise<number> {
    const recent = await this.store.failuresAfter(this.prefix + key, new Date(now - this.windowMs).toISOString());
    if (recent.length < this.limit) return 0;
    const oldest = Date.parse(recent[recent.length - this.limit]!);
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  async fail(key: string, now: number): Promise<void> {
    const at = new Date(now).toISOString();
    await this.store.recordFailure(this.prefix + key, at, new Date(now - this.windowMs).toISOString());
  }

  async clear(key: string): Promise<void> {
    await this.store.clearFailures(this.prefix + key);
  }
}

/** Sign-in, sessions and API tokens. Secrets are handed out once and stored only as hashes. */
export class SessionService {
  private readonly perUser: FailureWindow;
  private readonly perAddress: FailureWindow;
  /** Verified against when the username is unknown, so timing does not say which usernames exist. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    readonly settings: SessionSettings = DEFAULT_SESSION_SETTINGS,
  ) {
    this.perUser = new FailureWindow(store, 'user:', settings.maxFailures, settings.failureWindowMs);
    this.perAddress = new FailureWindow(store, 'address:', settings.maxFailuresPerAddress, settings.failureWindowMs);
  }

  /**
   * Password sign-in. Every attempt is audited; too many failures for a username from one address (or from one address
   * at all) answer C2_RATE_LIMITED without checking the password. A new session id every time: nothing the client
   * held before is adopted.
   */
  async login(usernameInput: string, password: string, client: { address: string }): Promise<SignedIn> {
    const username = usernameInput.trim().toLowerCase().slice(0, 64);
    const now = this.clock.now();
    const nowMs = Date.parse(now);
    // A username at an address, unambiguous whatever either holds (and free of NUL, which PostgreSQL text refuses).
    const userKey = JSON.stringify([username, client.address]);
    const wait = Math.max(
      await this.perUser.retryAfter(userKey, nowMs),
      await this.perAddress.retryAfter(client.address, nowMs),
    );
    const attempt = { action: 'auth.login', target: `username:${username}`, detail: { address: client.address } };
    if (wait > 0) {
      await this.audit.record({
        ...attempt,
        actor: 'anonymous',
        outcome: 'refused',
        detail: { ...attempt.detail, reason: 'rate-limited' },
      });
      throw new C2Error('C2_RATE_LIMITED', `too many failed sign-ins; try again in ${wait} s`, [
        { code: 'C2_RATE_LIMITED', message: `retry after ${wait} s`, path: `retryAfter:${wait}` },
      ]);
    }
    const user = await this.store.findUser({ username });
    const ok = user?.passwordHash
      ? await verifyPassword(user.passwordHash, password)
      : (await verifyPassword(await this.decoy(), password)) && false;
    if (!user || !ok || user.disabled) {
      await this.perUser.fail(userKey, nowMs);
      await this.perAddress.fail(client.address, nowMs);
      const reason = !user ? 'unknown user' : !ok ? 'wrong password' : 'disabled';
      await this.audit.record({
        ...attempt,
        actor: user?.id ?? 'anonymous',
        outcome: 'refused',
        detail: { ...attempt.detail, reason },
      });
      throw new C2Error('C2_UNAUTHENTICATED', 'wrong username or password');
    }
    await this.perUser.clear(userKey);
    const signedIn = await this.open(user, now);
    await this.audit.record({ ...attempt, actor: user.id, outcome: 'ok' });
    return signedIn;
  }

  /** The actor of a session cookie, or undefined when it is unknown, expired, idle too long or its user is disabled. */
  async resolveSession(sessionId: string): Promise<{ actor: Actor; session: SessionRecord } | undefined> {
    const session = await this.store.findSession(hashToken(sessionId));
    if (!session) return undefined;
    const now = this.clock.now();
    if (now >= session.expiresAt || now >= addMs(session.lastSeenAt, this.settings.idleMs)) {
      await this.store.deleteSessions({ idHash: session.idHash });
      return undefined;
    }
    const user = await this.store.findUser({ id: session.userId });
    if (!user || user.disabled) return undefined;
    if (Date.parse(now) - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
      await this.store.saveSession({ ...session, lastSeenAt: now });
    }
    return { actor: actorOf(user), session };
  }

  csrfMatches(session: SessionRecord, presented: string | undefined): boolean {
    return presented !== undefined && presented.length > 0 && constantTimeEqual(hashToken(presented), session.csrfHash);
  }

  async logout(sessionId: string, actor: Actor): Promise<void> {
    await this.store.deleteSessions({ idHash: hashToken(sessionId) });
    await this.audit.record({ actor: actor.id, action: 'auth.logout', outcome: 'ok' });
  }

  /** A new API token for the actor: the secret is in the answer and nowhere else. */
  async createToken(
    actor: Actor,
    input: { name: string; expiresAt?: Instant },
  ): Promise<{ token: string; record: Omit<TokenRecord, 'hash'> }> {
    const now = this.clock.now();
    const latest = addMs(now, this.settings.maxTokenMs);
    const expiresAt = input.expiresAt ?? addMs(now, 90 * 86_400_000);
    if (expiresAt <= now || expiresAt > latest) {
      throw new C2Error('C2_BAD_INPUT', `expiresAt must be after now and no later than ${latest}`);
    }
    const fresh = newApiToken();
    const record: TokenRecord = {
      id: fresh.id,
      userId: actor.id,
      name: input.name,
      hash: fresh.hash,
      createdAt: now,
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.store.saveToken(record);
    await this.audit.record({
      actor: actor.id,
      action: 'token.create',
      target: `token:${record.id}`,
      outcome: 'ok',
      detail: { name: input.name, expiresAt },
    });
    return { token: fresh.token, record: withoutHash(record) };
  }

  async listTokens(actor: Actor): Promise<Omit<TokenRecord, 'hash'>[]> {
    return (await this.store.listTokens(actor.id)).map(withoutHash);
  }

  /** Revokes one of the actor's tokens (an admin may revoke anyone's). Another user's token answers as unknown. */
  async revokeToken(actor: Actor, id: string): Promise<void> {
    const token = await this.store.findToken({ id });
    if (!token || (token.userId !== actor.id && !actor.roles.includes('admin'))) {
      throw new C2Error('C2_NOT_FOUND', `no token with id '${id}'`);
    }
    if (token.revokedAt === null) await this.store.saveToken({ ...token, revokedAt: this.clock.now() });
    await this.audit.record({ actor: actor.id, action: 'token.revoke', target: `token:${id}`, outcome: 'ok' });
  }

  /** The actor of a bearer token, or undefined when it is malformed, unknown, revoked, expired or its user disabled. */
  async resolveToken(token: string): Promise<Actor | undefined> {
    if (!/^c2_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const record = await this.store.findToken({ hash: hashToken(token) });
    const now = this.clock.now();
    if (!record || record.revokedAt !== null || (record.expiresAt !== null && now >= record.expiresAt))
      return undefined;
    const user = await this.store.findUser({ id: record.userId });
    if (!user || user.disabled) return undefined;
    if (record.lastUsedAt === null || Date.parse(now) - Date.parse(record.lastUsedAt) >= TOUCH_EVERY_MS) {
      await this.store.saveToken({ ...record, lastUsedAt: now });
    }
    return actorOf(user);
  }

  private async open(user: UserRecord, now: Instant): Promise<SignedIn> {
    const sessionId = secret();
    const csrfToken = secret();
    const expiresAt = addMs(now, this.settings.absoluteMs);
    await this.store.deleteSessions({ expiredBefore: now });
    await this.store.saveSession({
      idHash: hashToken(sessionId),
      userId: user.id,
      csrfHash: hashToken(csrfToken),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
    return { sessionId, csrfToken, actor: actorOf(user), expiresAt };
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(secret());
    return this.decoyHash;
  }
}

function withoutHash(record: TokenRecord): Omit<TokenRecord, 'hash'> {
  const { hash: _hash, ...rest } = record;
  return rest;
}
