import { createHmac, createSecretKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * The core every Volunet ledger is built on (hours now; points and the time bank next). Each entry's
 * link is an HMAC-SHA-256, under a key the database does not hold, of the ledger's name, the entry's
 * sequence number, the link before it and the entry's facts. Someone who can write the database but
 * does not have the key cannot make a link that verifies: a slipped-in, changed, renumbered or
 * rewritten entry fails at its own link. What links alone cannot show — entries cut off the end — a
 * checkpoint kept outside the database shows: it is signed with the platform's Ed25519 key and
 * names the sequence number, link, count and sum the chain had when it was taken.
 */
export interface ChainDefinition<F> {
  /** Also the first fact under every MAC, so an entry of one ledger never verifies in another. */
  name: string;
  /** The entry's facts in a fixed order (what the MAC covers besides sequence and link). */
  facts(f: F): readonly (string | number)[];
  /** The entry's amount in the ledger's smallest unit (hundredths of an hour, a point). */
  amount(f: F): number;
  /** Decimal places of the amount as written in checkpoints (2: hours; 0: points). */
  decimals: number;
}

export interface Link {
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);

/** The key as a KeyObject, made once: createHmac takes one in about half the time it takes raw bytes. */
const keyObjects = new WeakMap<Buffer, KeyObject>();
function keyObject(key: Buffer): KeyObject {
  const known = keyObjects.get(key);
  if (known) return known;
  const made = createSecretKey(key);
  keyObjects.set(key, made);
  return made;
}

export function linkMac<F>(key: Buffer, def: ChainDefinition<F>, seq: number, prevHash: string, f: F): string {
  return createHmac('sha256', keyObject(key))
    .update(JSON.stringify([def.name, seq, prevHash, ...def.facts(f)]))
    .digest('hex');
}

export function chainNext<F>(key: Buffer, def: ChainDefinition<F>, prev: Link | undefined, facts: F): F & Link {
  const seq = (prev?.seq ?? 0) + 1;
  const prevHash = prev?.hash ?? GENESIS;
  return { ...facts, seq, prevHash, hash: linkMac(key, def, seq, prevHash, facts) };
}

/**
 * altered: its MAC does not hold (changed, forged or rewritten without the key); removed: a gap in
 * the sequence; inserted: its MAC holds but it does not follow the entry before; reordered: its MAC
 * holds at another position (`movedFrom`); truncated: the chain ends before a checkpoint's entry;
 * diverged: the entry a checkpoint names has another link, count or sum than it had;
 * unreconciled: the chain holds, but the entry (or `recordId`) does not match its source.
 */
export const PROBLEMS = ['altered', 'removed', 'inserted', 'reordered', 'truncated', 'diverged', 'unreconciled'] as const;
export type ProblemKind = (typeof PROBLEMS)[number];
export interface Problem {
  seq: number | null;
  problem: ProblemKind;
  /** The source record that has no entry (unreconciled, seq null). */
  recordId?: string;
  movedFrom?: number;
}

export type Verdict = { ok: true; entries: number; head: string; sum: string } | ({ ok: false; entries: number } & Problem);

export interface Checkpoint {
  ledger: string;
  seq: number;
  head: string;
  entries: number;
  sum: string;
  at: string;
}
export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 over the checkpoint's fields in a fixed order, base64. */
  signature: string;
}

const checkpointBytes = (c: Checkpoint) => Buffer.from(JSON.stringify([c.ledger, c.seq, c.head, c.entries, c.sum, c.at]));

export function signCheckpoint(c: Checkpoint, signingKey: KeyObject): SignedCheckpoint {
  const { ledger, seq, head, entries, sum, at } = c;
  return { ledger, seq, head, entries, sum, at, signature: sign(null, checkpointBytes(c), signingKey).toString('base64') };
}

/** A saved checkpoint as read from a file or an upload: its fields, if it is one signed by `publicKey`. */
export function readCheckpoint(input: unknown, publicKey: KeyObject): SignedCheckpoint | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const c = input as Record<string, unknown>;
  const ok =
    typeof c.ledger === 'string' &&
    Number.isSafeInteger(c.seq) &&
    typeof c.head === 'string' &&
    Number.isSafeInteger(c.entries) &&
    typeof c.sum === 'string' &&
    typeof c.at === 'string' &&
    typeof c.signature === 'string';
  if (!ok) return undefined;
  const cp = c as unknown as SignedCheckpoint;
  try {
    return verify(null, checkpointBytes(cp), publicKey, Buffer.from(cp.signature, 'base64')) ? cp : undefined;
  } catch {
    return undefined;
  }
}

export function formatAmount(units: number, decimals: number): string {
  return (units / 10 ** decimals).toFixed(decimals);
}

/**
 * Checks entries fed in ascending `seq` order, as stored, one at a time (a ledger of millions is
 * read in pages); the first problem is kept. With a checkpoint, the chain must reach its entry with
 * the same link, count and sum.
 */
export class KeyedChainVerifier<F> {
  private prevHash = GENESIS;
  private expected = 1;
  private sum = 0;
  count = 0;
  problem: Problem | undefined;

  constructor(
    private readonly key: Buffer,
    private readonly def: ChainDefinition<F>,
    private readonly checkpoint?: Checkpoint,
  ) {}

  push(e: F & Link): Problem | undefined {
    if (this.problem) return this.problem;
    this.count++;
    if (e.seq > this.expected) this.problem = { seq: this.expected, problem: 'removed' };
    else if (e.seq < this.expected) this.problem = { seq: e.seq, problem: 'inserted' };
    else if (e.hash !== linkMac(this.key, this.def, e.seq, e.prevHash, e)) this.problem = { seq: e.seq, problem: 'altered' };
    else if (e.prevHash !== this.prevHash) this.problem = { seq: e.seq, problem: 'inserted' };
    else {
      this.sum += this.def.amount(e);
      const cp = this.checkpoint;
      if (cp?.seq === e.seq && (cp.head !== e.hash || cp.entries !== this.count || cp.sum !== formatAmount(this.sum, this.def.decimals)))
        this.problem = { seq: e.seq, problem: 'diverged' };
      else {
        this.prevHash = e.hash;
        this.expected++;
      }
    }
    return this.problem;
  }

  verdict(): Verdict {
    if (!this.problem && this.checkpoint && this.expected <= this.checkpoint.seq)
      this.problem = { seq: this.expected, problem: 'truncated' };
    return this.problem
      ? { ok: false, ...this.problem, entries: this.count }
      : { ok: true, entries: this.count, head: this.prevHash, sum: formatAmount(this.sum, this.def.decimals) };
  }

  /** The checkpoint of the chain verified so far (call after an intact verdict). */
  checkpointHere(at: string): Checkpoint {
    return {
      ledger: this.def.name,
      seq: this.expected - 1,
      head: this.prevHash,
      entries: this.count,
      sum: formatAmount(this.sum, this.def.decimals),
      at,
    };
  }
}
