import { createHash } from 'node:crypto';
import {
  type ChainDefinition,
  type Checkpoint,
  GENESIS,
  KeyedChainVerifier,
  chainNext as keyedNext,
  type Link,
  linkMac,
  type Verdict,
} from '../ledger/keyed-chain.ts';

/**
 * The hour ledger: the first user of the keyed chain (src/domain/ledger/keyed-chain.ts). Each entry
 * is one confirmed change of a volunteer's hours, and comes from a confirmed service record (credit
 * and added hours) or an accepted correction of one (the difference).
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

export interface LedgerEntry extends LedgerFacts, Link {}

export type { Checkpoint, Verdict };
export { GENESIS };

export const HOUR_LEDGER: ChainDefinition<Omit<LedgerFacts, 'seq'>> = {
  name: 'hours',
  facts: (f) => [f.volunteerId, f.recordId, f.kind, f.hours, f.at],
  amount: (f) => Math.round(Number(f.hours) * 100),
  decimals: 2,
};

/** The MAC of an entry: its facts in a fixed order, chained to the previous link, under the ledger key. */
export function entryHash(key: Buffer, prevHash: string, f: LedgerFacts): string {
  return linkMac(key, HOUR_LEDGER, f.seq, prevHash, f);
}

export function chainNext(key: Buffer, prev: LedgerEntry | undefined, facts: Omit<LedgerFacts, 'seq'>): LedgerEntry {
  return keyedNext(key, HOUR_LEDGER, prev, facts);
}

export class ChainVerifier extends KeyedChainVerifier<Omit<LedgerFacts, 'seq'>> {
  constructor(key: Buffer, checkpoint?: Checkpoint) {
    super(key, HOUR_LEDGER, checkpoint);
  }
}

/** Checks entries in ascending `seq` order, as stored; the first problem wins. */
export function verifyChain(key: Buffer, entries: Iterable<LedgerEntry>, checkpoint?: Checkpoint): Verdict {
  const verifier = new ChainVerifier(key, checkpoint);
  for (const e of entries) if (verifier.push(e)) break;
  return verifier.verdict();
}

/**
 * The unkeyed SHA-256 link of ledgers written before the key (issue 17): read only by
 * `volunet ledger rekey`, which checks an old chain with it before linking it again under the key.
 */
export function legacyEntryHash(prevHash: string, f: LedgerFacts): string {
  const canonical = JSON.stringify([prevHash, f.seq, f.volunteerId, f.recordId, f.kind, f.hours, f.at]);
  return createHash('sha256').update(canonical).digest('hex');
}
