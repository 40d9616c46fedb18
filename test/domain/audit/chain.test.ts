import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  canonicalJson,
  GENESIS_HASH,
  type HashFn,
  sealEntry,
  verifyChain,
} from '../../../src/domain/audit/chain.js';

const sha256: HashFn = (data) => createHash('sha256').update(data).digest('hex');
const hmac =
  (key: string): HashFn =>
  (data) =>
    createHmac('sha256', key).update(data).digest('hex');

function chainOf(count: number, hashFn: HashFn = sha256): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const entry = {
      seq,
      at: `2026-11-25T14:${String(seq).padStart(2, '0')}:00Z`,
      actor: seq % 2 ? 'usa-ops-1' : 'jpn-liaison-2',
      action: 'force.update',
      target: `unit-${seq}`,
      outcome: seq === 3 ? ('refused' as const) : ('ok' as const),
      detail: { fields: ['name'], n: seq },
    };
    entries.push(sealEntry(entries.at(-1) ?? null, entry, hashFn));
  }
  return entries;
}

const kinds = (entries: AuditEntry[], hashFn: HashFn = sha256, anchor?: { seq: number; hash?: string }) =>
  verifyChain(entries, hashFn, anchor).problems.map(
    (p) => `${p.kind}:${p.seq}${p.throughSeq ? `-${p.throughSeq}` : ''}`,
  );

describe('audit hash chain', () => {
  it('links each entry to the previous one and verifies clean', () => {
    const chain = chainOf(6);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    expect(chain[4]!.prevHash).toBe(chain[3]!.hash);
    expect(verifyChain(chain, sha256, { seq: 6, hash: chain[5]!.hash })).toEqual({ ok: true, problems: [] });
  });

  it('hashes canonical JSON, so key order and spacing of a stored row do not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[1,{"x":2,"z":1}]},"b":1}',
    );
    const chain = chainOf(3);
    const reloaded = chain.map((entry) =>
      JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(entry).reverse()))),
    );
    expect(verifyChain(reloaded, sha256).ok).toBe(true);
  });

  it('refuses to seal an entry out of sequence (two writers racing)', () => {
    const chain = chainOf(2);
    expect(() => sealEntry(chain[1]!, { ...chain[1]!, seq: 2 }, sha256)).toThrow(
      expect.objectContaining({ code: 'C2_CONFLICT' }),
    );
  });

  it('names the entry whose field was edited', () => {
    const chain = chainOf(6);
    chain[3] = { ...chain[3]!, outcome: 'ok', actor: 'someone-else' };
    const report = verifyChain(chain, sha256);
    expect(report.ok).toBe(false);
    expect(kinds(chain)).toEqual(['edited:4']);
    expect(report.problems[0]!.message).toBe('entry 4 was edited: its content no longer matches its hash');
  });

  it('names an entry rewritten and re-hashed by its broken link to the next', () => {
    const chain = chainOf(6);
    const { hash: _h, prevHash: _p, ...content } = chain[2]!;
    chain[2] = sealEntry(chain[1]!, { ...content, outcome: 'ok' }, sha256);
    expect(kinds(chain)).toEqual(['edited:3']);
  });

  it('names the seq of a deleted entry', () => {
    const chain = chainOf(6);
    chain.splice(2, 1);
    expect(kinds(chain)).toEqual(['removed:3']);
    expect(verifyChain(chain, sha256).problems[0]!.message).toBe('entry 3 is missing before entry 4');
    expect(kinds(chainOf(6).slice(2))).toEqual(['removed:1-2']);
  });

  it('names two swapped entries', () => {
    const chain = chainOf(6);
    [chain[2], chain[3]] = [chain[3]!, chain[2]!];
    expect(kinds(chain)).toEqual(['reordered:3']);
    expect(verifyChain(chain, sha256).problems[0]!.message).toBe(
      'entries 4 and 3 are out of order: 3 is stored after 4',
    );
  });

  it('catches a truncated tail only against an anchor kept elsewhere', () => {
    const chain = chainOf(6);
    const truncated = chain.slice(0, 4);
    expect(verifyChain(truncated, sha256).ok).toBe(true);
    expect(kinds(truncated, sha256, { seq: 6 })).toEqual(['removed:5-6']);
    expect(verifyChain(truncated, sha256, { seq: 6 }).problems[0]!.message).toBe(
      'entries 5 to 6 are missing after entry 4 (the anchor records 6)',
    );
    expect(kinds(chain, sha256, { seq: 4, hash: chain[3]!.hash })).toEqual([]);
  });

  it('names an inserted duplicate of a seq', () => {
    const chain = chainOf(5);
    const forged = { ...chain[2]!, action: 'force.delete', hash: sha256('forged') };
    chain.splice(3, 0, forged);
    expect(kinds(chain)).toEqual(['inserted:3']);
  });

  it('with a plain hash misses a rewritten chain that an anchor hash or an HMAC key catches', () => {
    const original = chainOf(5, sha256);
    const forged: AuditEntry[] = [];
    for (const { hash: _h, prevHash: _p, ...content } of original) {
      forged.push(sealEntry(forged.at(-1) ?? null, { ...content, actor: 'intruder' }, sha256));
    }
    expect(verifyChain(forged, sha256).ok).toBe(true);
    expect(kinds(forged, sha256, { seq: 5, hash: original[4]!.hash })).toEqual(['edited:5']);

    const keyed = chainOf(5, hmac('kept-outside-the-db'));
    expect(verifyChain(keyed, hmac('kept-outside-the-db')).ok).toBe(true);
    const rewritten: AuditEntry[] = [];
    for (const { hash: _h, prevHash: _p, ...content } of keyed) {
      rewritten.push(sealEntry(rewritten.at(-1) ?? null, { ...content, actor: 'intruder' }, sha256));
    }
    expect(kinds(rewritten, hmac('kept-outside-the-db'))).toEqual([
      'edited:1',
      'edited:2',
      'edited:3',
      'edited:4',
      'edited:5',
    ]);
  });

  it('verifies 20,000 entries quickly', () => {
    const chain = chainOf(20_000);
    const started = performance.now();
    expect(verifyChain(chain, sha256).ok).toBe(true);
    const ms = performance.now() - started;
    console.info(`verifyChain: 20000 entries in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(5_000);
  });
});
