import { randomUUID } from 'node:crypto';
import { C2Error } from '../domain/errors.js';
import { resolveCaveat } from '../domain/security/canonical.js';
import { type Policy, rankOf } from '../domain/security/policy.js';
import type { Store, UserRecord } from '../store/port.js';
import { type Actor, ROLES } from './actor.js';
import type { AuditService } from './audit.js';
import type { Clock } from './clock.js';
import { assertPasswordPolicy, hashPassword } from './credentials.js';
import type { Guard } from './guard.js';

export interface UserInput {
  username: string;
  name: string;
  nation: string;
  clearance: string;
  caveats?: string[];
  roles: string[];
  homeCommand?: string;
  password: string;
}

export type UserPatch = Partial<Omit<UserInput, 'username' | 'password'>> & { disabled?: boolean };

/** A user as shown to anyone: never the password hash. */
export type PublicUser = Omit<UserRecord, 'passwordHash'>;

export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export function publicUser(user: UserRecord): PublicUser {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}

export function actorOf(user: UserRecord): Actor {
  return {
    id: user.id,
    name: user.name,
    nation: user.nation,
    clearance: user.clearance,
    caveats: [...user.caveats],
    roles: [...user.roles],
    ...(user.homeCommand ? { homeCommand: user.homeCommand } : {}),
  };
}

/** People: who they are, what they are cleared for and may do. Only an admin changes them. */
export class IdentityService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly guard: Guard,
    private readonly audit: AuditService,
  ) {}

  get policy(): Policy {
    return this.guard.policy;
  }

  async createUser(actor: Actor, input: UserInput): Promise<PublicUser> {
    this.guard.assertRole(actor, ['admin'], 'creating a user');
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) {
      throw new C2Error('C2_BAD_INPUT', 'username: 2-63 of a-z, 0-9, ".", "_", "-", starting with a letter or digit');
    }
    assertPasswordPolicy(input.password, { username });
    const attributes = this.checked({ ...input, caveats: input.caveats ?? [] });
    const now = this.clock.now();
    const user: UserRecord = {
      id: randomUUID(),
      username,
      ...attributes,
      disabled: false,
      passwordHash: await hashPassword(input.password),
      createdAt: now,
      updatedAt: now,
    };
    await this.store.saveUser(user);
    await this.audit.record({
      actor: actor.id,
      action: 'user.create',
      target: `user:${user.id}`,
      outcome: 'ok',
      detail: { username, nation: user.nation, clearance: user.clearance, roles: user.roles },
    });
    return publicUser(user);
  }

  async updateUser(actor: Actor, id: string, patch: UserPatch): Promise<PublicUser> {
    this.guard.assertRole(actor, ['admin'], 'changing a user');
    const user = await this.requireUser(id);
    const next: UserRecord = {
      ...user,
      ...this.checked({ ...user, ...stripUndefined(patch) }),
      disabled: patch.disabled ?? user.disabled,
      updatedAt: this.clock.now(),
    };
    await this.store.saveUser(next);
    // Whatever changed (clearance, roles, disabled), sessions must pick it up: sign the user out everywhere.
    await this.store.deleteSessions({ userId: id });
    await this.audit.record({
      actor: actor.id,
      action: 'user.update',
      target: `user:${id}`,
      outcome: 'ok',
      detail: { fields: Object.keys(stripUndefined(patch)) },
    });
    return publicUser(next);
  }

  /** A user sets their own password (or an admin sets anyone's); every session of theirs ends. */
  async setPassword(actor: Actor, id: string, password: string): Promise<void> {
    if (actor.id !== id) this.guard.assertRole(actor, ['admin'], "setting another user's password");
    const user = await this.requireUser(id);
    assertPasswordPolicy(password, { username: user.username });
    await this.store.saveUser({ ...user, passwordHash: await hashPassword(password), updatedAt: this.clock.now() });
    await this.store.deleteSessions({ userId: id });
    await this.audit.record({ actor: actor.id, action: 'user.password', target: `user:${id}`, outcome: 'ok' });
  }

  async listUsers(actor: Actor): Promise<PublicUser[]> {
    this.guard.assertRole(actor, ['admin'], 'listing users');
    return (await this.store.listUsers()).map(publicUser);
  }

  async hasAdmin(): Promise<boolean> {
    return (await this.store.listUsers()).some((user) => user.roles.includes('admin') && !user.disabled);
  }

  private async requireUser(id: string): Promise<UserRecord> {
    const user = await this.store.findUser({ id });
    if (!user) throw new C2Error('C2_NOT_FOUND', `no user with id '${id}'`);
    return user;
  }

  /** The attributes the policy must know: nation, clearance level, caveats; roles from the fixed list. */
  private checked(input: Omit<UserInput, 'username' | 'password'> & { caveats: string[] }) {
    const policy = this.guard.policy;
    if (!policy.nations.some((nation) => nation.code === input.nation)) {
      throw new C2Error('C2_BAD_INPUT', `nation '${input.nation}' is not in the security policy`);
    }
    if (rankOf(policy, input.clearance) < 0) {
      throw new C2Error('C2_BAD_INPUT', `clearance '${input.clearance}' is not a level of the security policy`);
    }
    const caveats = input.caveats.map((text) => {
      const caveat = resolveCaveat(policy, text);
      if (caveat?.kind !== 'ACCESS') throw new C2Error('C2_BAD_INPUT', `'${text}' is not an access caveat`);
      return caveat.name;
    });
    const unknownRole = input.roles.find((role) => !(ROLES as readonly string[]).includes(role));
    if (unknownRole !== undefined) {
      throw new C2Error('C2_BAD_INPUT', `role '${unknownRole}' is not one of ${ROLES.join(', ')}`);
    }
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200) throw new C2Error('C2_BAD_INPUT', 'name: 1 to 200 characters');
    return {
      name,
      nation: input.nation,
      clearance: input.clearance,
      caveats: [...new Set(caveats)],
      roles: [...new Set(input.roles)],
      ...(input.homeCommand ? { homeCommand: input.homeCommand } : {}),
    };
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
