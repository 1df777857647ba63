import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainNext, entryHash, type LedgerEntry, verifyChain } from './ledger-chain.ts';

function chainOf(n: number): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      chainNext(out.at(-1), {
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

describe('the hour ledger chain', () => {
  it('verifies an untouched chain and gives its head', () => {
    const chain = chainOf(50);
    expect(verifyChain(chain)).toEqual({ ok: true, entries: 50, head: chain[49].hash });
    expect(verifyChain([])).toMatchObject({ ok: true, entries: 0 });
  });

  it('names the first altered entry, even when the altered hours are re-hashed', () => {
    const chain = chainOf(20);
    const altered = chain.map((e) => (e.seq === 8 ? { ...e, hours: '9.00' } : e));
    expect(verifyChain(altered)).toMatchObject({ ok: false, seq: 8, problem: 'altered' });
    // A forger who recomputes entry 8's hash breaks the link to entry 9.
    const rehashed = altered.map((e) => (e.seq === 8 ? { ...e, hash: entryHash(e.prevHash, e) } : e));
    expect(verifyChain(rehashed)).toMatchObject({ ok: false, seq: 9, problem: 'inserted' });
  });

  it('finds entries cut off the end, or a chain rewritten from the start, against an earlier check’s head', () => {
    const chain = chainOf(20);
    const anchor = { seq: 15, hash: chain[14].hash };
    expect(verifyChain(chain, anchor)).toMatchObject({ ok: true, entries: 20 });
    // Without the anchor the shortened chain looks whole; with it, entry 13 is the first one missing.
    expect(verifyChain(chain.slice(0, 12))).toMatchObject({ ok: true, entries: 12 });
    expect(verifyChain(chain.slice(0, 12), anchor)).toMatchObject({ ok: false, seq: 13, problem: 'removed' });
    // Every hash recomputed after changing entry 3: consistent in itself, but not the head seen before.
    const rewritten: LedgerEntry[] = [];
    for (const e of chain) {
      const { seq: _, prevHash: __, hash: ___, ...facts } = e;
      rewritten.push(chainNext(rewritten.at(-1), e.seq === 3 ? { ...facts, hours: '8.00' } : facts));
    }
    expect(verifyChain(rewritten)).toMatchObject({ ok: true });
    expect(verifyChain(rewritten, anchor)).toMatchObject({ ok: false, seq: 15, problem: 'altered' });
  });

  it('names a removed entry and an inserted one', () => {
    const chain = chainOf(20);
    expect(verifyChain(chain.filter((e) => e.seq !== 5))).toMatchObject({ ok: false, seq: 5, problem: 'removed' });
    const forged = chainNext(chain[9], {
      volunteerId: 'v0',
      recordId: 'forged',
      kind: 'added',
      hours: '8.00',
      at: '2026-11-30T02:00:00.000Z',
    });
    expect(verifyChain([...chain.slice(0, 10), forged, ...chain.slice(10)])).toMatchObject({ ok: false, seq: 11, problem: 'inserted' });
  });

  it('catches any single change of hours anywhere (property)', () => {
    const chain = chainOf(30);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 29 }), fc.integer({ min: 1, max: 999 }), (i, cents) => {
        const hours = (cents / 100).toFixed(2);
        fc.pre(hours !== chain[i].hours);
        const tampered = chain.map((e, j) => (j === i ? { ...e, hours } : e));
        expect(verifyChain(tampered)).toMatchObject({ ok: false, seq: i + 1 });
      }),
    );
  });
});
