import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import { C2Error, type Violation } from '../domain/errors.js';

/**
 * Credential primitives: argon2id password hashes and API tokens. Stored forms only; sessions and the login
 * use case live elsewhere.
 */

/** OWASP Password Storage Cheat Sheet's argon2id minimum: 19 MiB, 2 iterations, 1 lane. */
export const PASSWORD_HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 takes any length; the cap keeps a megabyte "password" from costing a request. */
export const PASSWORD_MAX_LENGTH = 256;

// NIST SP 800-63B: compare against commonly used values rather than demand character classes. A short built-in list;
// a deployment can check a breached-password corpus in front of this.
const COMMON = new Set([
  'password1234',
  'password12345',
  'passwordpassword',
  '123456789012',
  '1234567890123',
  'qwertyuiopas',
  'qwerty123456',
  'iloveyou1234',
  'letmein12345',
  'administrator',
  'changeme1234',
  'welcome12345',
]);

/** Unicode passwords compare the same however the keyboard composed them (NIST SP 800-63B 5.1.1.2). */
const normalise = (plain: string) => plain.normalize('NFKC');

/** The problems with a proposed password, each a plain sentence; empty when it is acceptable. */
export function passwordProblems(plain: string, context: { username?: string } = {}): string[] {
  const password = normalise(plain);
  const length = [...password].length;
  const problems: string[] = [];
  if (length < PASSWORD_MIN_LENGTH)
    problems.push(`Use at least ${PASSWORD_MIN_LENGTH} characters (this has ${length}).`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  const lower = password.toLowerCase();
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) {
    problems.push('Do not use your username in your password.');
  }
  if (new Set(password).size <= 2) problems.push('Use more than two different characters.');
  if (COMMON.has(lower)) problems.push('This password is too common.');
  return problems;
}

/** Throws C2_BAD_INPUT listing every problem, so a form can show them all at once. */
export function assertPasswordPolicy(plain: string, context: { username?: string } = {}): void {
  const problems = passwordProblems(plain, context);
  if (problems.length === 0) return;
  const violations: Violation[] = problems.map((message) => ({ code: 'C2_BAD_INPUT', message, path: 'password' }));
  throw new C2Error('C2_BAD_INPUT', `Password not accepted: ${problems.join(' ')}`, violations);
}

/** An argon2id PHC string ($argon2id$v=19$m=19456,p=1,t=2$salt$hash); the salt is random per call. */
export async function hashPassword(plain: string): Promise<string> {
  if ([...plain].length > PASSWORD_MAX_LENGTH) throw new C2Error('C2_BAD_INPUT', 'Password too long');
  return argon2.hash(normalise(plain), PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password or a stored hash that is not an argon2 string; never throws on bad input. */
export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  if ([...plain].length > PASSWORD_MAX_LENGTH || !hash.startsWith('$argon2')) return false;
  try {
    return await argon2.verify(hash, normalise(plain));
  } catch {
    return false;
  }
}

/** True when a stored hash was made with weaker parameters than today's: rehash it at the next successful login. */
export function passwordNeedsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, PASSWORD_HASH_OPTIONS);
}

export const API_TOKEN_PREFIX = 'c2_';
// 32 random bytes in base64url are 43 characters.
const API_TOKEN_SHAPE = /^c2_[A-Za-z0-9_-]{43}$/;

export interface NewApiToken {
  /** Shown to the user once, never stored. */
  token: string;
  /** Public handle to list and revoke the token by. */
  id: string;
  /** SHA-256 hex of the token: what the store keeps. */
  hash: string;
}

/**
 * 256 random bits need no slow hash: SHA-256 of the token is what is stored, so a leaked table yields no usable token.
 * The `c2_` prefix lets secret scanners recognise a leaked token.
 */
export function newApiToken(): NewApiToken {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, id: randomUUID(), hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time check of a presented token against a stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  if (!API_TOKEN_SHAPE.test(token)) return false;
  return constantTimeEqual(hashToken(token), storedHash);
}

/** Compares secrets without leaking, through timing, how many leading characters match. */
export function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives equal-length inputs, so the length itself is not leaked by an early return either.
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
