import { createHash } from 'node:crypto';

/**
 * The hour ledger as a hash chain: each entry carries the hash of the one before it, so changing,
 * removing or slipping in an entry anywhere breaks the chain from there on. Verification walks
 * the entries in order and names the first one that does not fit.
 */
export interface LedgerFacts {
  seq: number;
  volunteerId: string;
  recordId: string;
  /** credit: from check-in/out; added: entered by the organizer; correction: a later change (never an overwrite). */
  kind: 'credit' | 'added' | 'correction';
  /** Hours with two decimals, signed for corrections. */
  hours: string;
  at: string;
}

export interface LedgerEntry extends LedgerFacts {
  prevHash: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);

/** The hash of an entry: its facts in a fixed order, chained to the previous hash. */
export function entryHash(prevHash: string, f: LedgerFacts): string {
  const canonical = JSON.stringify([prevHash, f.seq, f.volunteerId, f.recordId, f.kind, f.hours, f.at]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function chainNext(prev: LedgerEntry | undefined, facts: Omit<LedgerFacts, 'seq'>): LedgerEntry {
  const seq = (prev?.seq ?? 0) + 1;
  const prevHash = prev?.hash ?? GENESIS;
  const full = { ...facts, seq };
  return { ...full, prevHash, hash: entryHash(prevHash, full) };
}

export type Verdict =
  | { ok: true; entries: number; head: string }
  | { ok: false; seq: number; problem: 'altered' | 'removed' | 'inserted'; entries: number };

/** Checks entries in ascending `seq` order, as stored; the first problem wins. */
export function verifyChain(entries: Iterable<LedgerEntry>): Verdict {
  let prevHash = GENESIS;
  let expected = 1;
  let count = 0;
  for (const e of entries) {
    count++;
    if (e.seq > expected) return { ok: false, seq: expected, problem: 'removed', entries: count };
    if (e.seq < expected) return { ok: false, seq: e.seq, problem: 'inserted', entries: count };
    if (e.hash !== entryHash(e.prevHash, e)) return { ok: false, seq: e.seq, problem: 'altered', entries: count };
    if (e.prevHash !== prevHash) return { ok: false, seq: e.seq, problem: 'inserted', entries: count };
    prevHash = e.hash;
    expected++;
  }
  return { ok: true, entries: count, head: prevHash };
}
