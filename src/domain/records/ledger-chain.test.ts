import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCheckpoint, signCheckpoint } from '../ledger/keyed-chain.ts';
import { ChainVerifier, chainNext, entryHash, type LedgerEntry, verifyChain } from './ledger-chain.ts';

const KEY = randomBytes(32);

function chainOf(n: number, key = KEY): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      chainNext(key, out.at(-1), {
        volunteerId: `v${i % 7}`,
        recordId: `r${i}`,
        kind: 'credit',
        hours: (1 + (i % 4) * 0.5).toFixed(2),
        at: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T02:00:00.000Z`,
      }),
    );
  }
  return out;
}

/** The checkpoint an intact verification of `chain` ends with. */
function checkpointOf(chain: LedgerEntry[]) {
  const v = new ChainVerifier(KEY);
  for (const e of chain) v.push(e);
  return v.checkpointHere('2026-11-30T00:00:00.000Z');
}

describe('the hour ledger chain', () => {
  it('verifies an untouched chain and gives its head and sum', () => {
    const chain = chainOf(50);
    expect(verifyChain(KEY, chain)).toMatchObject({ ok: true, entries: 50, head: chain[49].hash });
    expect(verifyChain(KEY, chainOf(4))).toMatchObject({ sum: '7.00' });
    expect(verifyChain(KEY, [])).toMatchObject({ ok: true, entries: 0 });
  });

  it('does not verify under another key, nor the old unkeyed SHA-256 links', () => {
    expect(verifyChain(randomBytes(32), chainOf(3))).toMatchObject({ ok: false, seq: 1, problem: 'altered' });
    const e = chainOf(1)[0];
    const sha = createHash('sha256')
      .update(JSON.stringify([e.prevHash, e.seq, e.volunteerId, e.recordId, e.kind, e.hours, e.at]))
      .digest('hex');
    expect(verifyChain(KEY, [{ ...e, hash: sha }])).toMatchObject({ ok: false, seq: 1, problem: 'altered' });
  });

  it('names the first altered entry; recomputing its link needs the key', () => {
    const chain = chainOf(20);
    const altered = chain.map((e) => (e.seq === 8 ? { ...e, hours: '9.00' } : e));
    expect(verifyChain(KEY, altered)).toMatchObject({ ok: false, seq: 8, problem: 'altered' });
    const guessed = altered.map((e) => (e.seq === 8 ? { ...e, hash: entryHash(randomBytes(32), e.prevHash, e) } : e));
    expect(verifyChain(KEY, guessed)).toMatchObject({ ok: false, seq: 8, problem: 'altered' });
  });

  it('finds entries cut off the end, or a chain that diverges, against a saved checkpoint', () => {
    const chain = chainOf(20);
    const cp = checkpointOf(chain.slice(0, 15));
    expect(cp).toMatchObject({ ledger: 'hours', seq: 15, entries: 15, head: chain[14].hash });
    expect(verifyChain(KEY, chain, cp)).toMatchObject({ ok: true, entries: 20 });
    expect(verifyChain(KEY, chain.slice(0, 12))).toMatchObject({ ok: true, entries: 12 });
    expect(verifyChain(KEY, chain.slice(0, 12), cp)).toMatchObject({ ok: false, seq: 13, problem: 'truncated' });
    // Rewritten by someone holding the key (a restored old key, say): consistent, but not what was saved.
    const rewritten: LedgerEntry[] = [];
    for (const e of chain) {
      const { seq: _, prevHash: __, hash: ___, ...facts } = e;
      rewritten.push(chainNext(KEY, rewritten.at(-1), e.seq === 3 ? { ...facts, hours: '8.00' } : facts));
    }
    expect(verifyChain(KEY, rewritten)).toMatchObject({ ok: true });
    expect(verifyChain(KEY, rewritten, cp)).toMatchObject({ ok: false, seq: 15, problem: 'diverged' });
  });

  it('signs checkpoints with the platform key and refuses any changed field or another key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signed = signCheckpoint(checkpointOf(chainOf(5)), privateKey);
    expect(readCheckpoint(JSON.parse(JSON.stringify(signed)), publicKey)).toEqual(signed);
    expect(readCheckpoint({ ...signed, sum: '99.00' }, publicKey)).toBeUndefined();
    expect(readCheckpoint({ ...signed, seq: 4 }, publicKey)).toBeUndefined();
    expect(readCheckpoint(signed, generateKeyPairSync('ed25519').publicKey)).toBeUndefined();
    expect(readCheckpoint('not json', publicKey)).toBeUndefined();
  });

  it('names a removed entry, and a renumbered one', () => {
    const chain = chainOf(20);
    expect(
      verifyChain(
        KEY,
        chain.filter((e) => e.seq !== 5),
      ),
    ).toMatchObject({ ok: false, seq: 5, problem: 'removed' });
    const renumbered = chain.filter((e) => e.seq !== 5).map((e) => (e.seq > 5 ? { ...e, seq: e.seq - 1 } : e));
    expect(verifyChain(KEY, renumbered)).toMatchObject({ ok: false, seq: 5, problem: 'altered' });
  });

  it('catches any single change of hours anywhere (property)', () => {
    const chain = chainOf(30);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 29 }), fc.integer({ min: 1, max: 999 }), (i, cents) => {
        const hours = (cents / 100).toFixed(2);
        fc.pre(hours !== chain[i].hours);
        const tampered = chain.map((e, j) => (j === i ? { ...e, hours } : e));
        expect(verifyChain(KEY, tampered)).toMatchObject({ ok: false, seq: i + 1 });
      }),
    );
  });
});
