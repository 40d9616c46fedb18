import argon2 from 'argon2';
import { describe, expect, it } from 'vitest';
import {
  assertPasswordPolicy,
  constantTimeEqual,
  hashPassword,
  hashToken,
  newApiToken,
  passwordNeedsRehash,
  passwordProblems,
  tokenMatches,
  verifyPassword,
} from '../../src/services/credentials.js';

describe('passwords', () => {
  it('hashes with argon2id at the OWASP parameters and a fresh salt each time', async () => {
    const started = performance.now();
    const hash = await hashPassword('correct horse battery');
    const ms = performance.now() - started;
    console.info(`argon2id hash: ${ms.toFixed(0)} ms`);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
    expect(passwordNeedsRehash(hash)).toBe(false);
  });

  it('treats canonically equal Unicode spellings as the same password', async () => {
    const composed = 'パスワードは長いほうがいい\u00e9';
    const decomposed = 'パスワードは長いほうがいい\u0065\u0301';
    expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
  });

  it('asks for a rehash of a hash made with weaker parameters', async () => {
    const weak = await argon2.hash('correct horse battery', { type: argon2.argon2id, memoryCost: 8192, timeCost: 1 });
    expect(passwordNeedsRehash(weak)).toBe(true);
    expect(await verifyPassword(weak, 'correct horse battery')).toBe(true);
  });

  it('returns false, never throws, for a malformed stored hash', async () => {
    expect(await verifyPassword('not-a-hash', 'correct horse battery')).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$broken', 'correct horse battery')).toBe(false);
  });

  it('states every policy problem in plain words', () => {
    expect(passwordProblems('short')).toEqual(['Use at least 12 characters (this has 5).']);
    expect(passwordProblems('yokota-ops-officer-1', { username: 'Ops-Officer' })).toEqual([
      'Do not use your username in your password.',
    ]);
    expect(passwordProblems('aaaaaaaaaaaaaaaa')).toEqual(['Use more than two different characters.']);
    expect(passwordProblems('Password1234')).toEqual(['This password is too common.']);
    expect(passwordProblems(`${'x'.repeat(300)}yz`)).toContain('Use at most 256 characters.');
    expect(passwordProblems('four random words here', { username: 'kato' })).toEqual([]);
  });

  it('throws C2_BAD_INPUT with one violation per problem', () => {
    expect(() => assertPasswordPolicy('abababab', { username: 'kato' })).toThrow(
      expect.objectContaining({
        code: 'C2_BAD_INPUT',
        violations: [
          expect.objectContaining({ path: 'password', message: expect.stringContaining('12 characters') }),
          expect.objectContaining({ path: 'password', message: expect.stringContaining('two different') }),
        ],
      }),
    );
  });
});

describe('API tokens', () => {
  it('makes a prefixed 32-byte random token, an id and the SHA-256 to store', () => {
    const a = newApiToken();
    const b = newApiToken();
    expect(a.token).toMatch(/^c2_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token.slice(3), 'base64url')).toHaveLength(32);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).not.toContain(a.token.slice(3));
    expect(new Set([a.token, b.token]).size).toBe(2);
    expect(new Set([a.id, b.id]).size).toBe(2);
  });

  it('matches a presented token against its stored hash only', () => {
    const { token, hash } = newApiToken();
    expect(tokenMatches(token, hash)).toBe(true);
    expect(tokenMatches(token, newApiToken().hash)).toBe(false);
    expect(tokenMatches(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, hash)).toBe(false);
    expect(tokenMatches('c2_short', hashToken('c2_short'))).toBe(false);
  });

  it('compares secrets of any length', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
