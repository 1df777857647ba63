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

export type Problem = { seq: number; problem: 'altered' | 'removed' | 'inserted' };

/**
 * Checks entries fed in ascending `seq` order, as stored, one at a time (a ledger of millions
 * is read in pages); the first problem is kept.
 */
export class ChainVerifier {
  private prevHash = GENESIS;
  private expected = 1;
  count = 0;
  problem: Problem | undefined;

  /**
   * An anchor is the head an earlier check found intact (its entry count and hash). A chain that
   * is consistent in itself but ends before the anchor lost entries at its end; one whose entry at
   * the anchor has another hash was rewritten up to there, every hash recomputed.
   */
  constructor(private readonly anchor?: { seq: number; hash: string }) {}

  push(e: LedgerEntry): Problem | undefined {
    if (this.problem) return this.problem;
    this.count++;
    if (e.seq > this.expected) this.problem = { seq: this.expected, problem: 'removed' };
    else if (e.seq < this.expected) this.problem = { seq: e.seq, problem: 'inserted' };
    else if (e.hash !== entryHash(e.prevHash, e)) this.problem = { seq: e.seq, problem: 'altered' };
    else if (e.prevHash !== this.prevHash) this.problem = { seq: e.seq, problem: 'inserted' };
    else if (this.anchor?.seq === e.seq && this.anchor.hash !== e.hash) this.problem = { seq: e.seq, problem: 'altered' };
    else {
      this.prevHash = e.hash;
      this.expected++;
    }
    return this.problem;
  }

  verdict(): Verdict {
    if (!this.problem && this.anchor && this.expected <= this.anchor.seq) this.problem = { seq: this.expected, problem: 'removed' };
    return this.problem ? { ok: false, ...this.problem, entries: this.count } : { ok: true, entries: this.count, head: this.prevHash };
  }
}

/** Checks entries in ascending `seq` order, as stored; the first problem wins. */
export function verifyChain(entries: Iterable<LedgerEntry>, anchor?: { seq: number; hash: string }): Verdict {
  const verifier = new ChainVerifier(anchor);
  for (const e of entries) if (verifier.push(e)) break;
  return verifier.verdict();
}
