import {
  type ChainDefinition,
  type Checkpoint,
  GENESIS,
  KeyedChainVerifier,
  type Link,
  linkMac,
  type Problem,
  type Verdict,
} from '../domain/ledger/keyed-chain.ts';

/**
 * How a ledger is stored, for the one verification every ledger shares (hours now; points and the
 * time bank next): its entries a page at a time, the entry carrying a given link (to tell a moved
 * entry from a changed one), and its reconciliation — set-based SQL that names the first entry that
 * does not match the source it comes from, or the first source without its entry.
 */
export interface LedgerStore<F> {
  def: ChainDefinition<F>;
  page(after: number, limit: number): Promise<(F & Link)[]>;
  seqOfLink(hash: string): Promise<number | undefined>;
  reconcile(): Promise<Problem | undefined>;
}

const PAGE = 10_000;

/**
 * Walks the chain under the key (against a saved checkpoint, if given), then reconciles it with its
 * sources. Names the first problem; `onProgress` hears the entries checked after each page.
 */
export async function verifyKeyedLedger<F>(
  store: LedgerStore<F>,
  key: Buffer,
  options: { checkpoint?: Checkpoint; onProgress?: (entries: number) => void | Promise<void> } = {},
): Promise<Verdict> {
  const verifier = new KeyedChainVerifier(key, store.def, options.checkpoint);
  let after = 0;
  for (;;) {
    const rows = await store.page(after, PAGE);
    for (const e of rows) {
      const problem = verifier.push(e);
      if (problem?.problem === 'altered') {
        const movedFrom = await formerPosition(store, key, e);
        if (movedFrom !== undefined) verifier.problem = { seq: problem.seq, problem: 'reordered', movedFrom };
      }
      if (problem) return verifier.verdict();
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].seq;
    await options.onProgress?.(verifier.count);
  }
  const verdict = verifier.verdict();
  if (!verdict.ok) return verdict;
  const unreconciled = await store.reconcile();
  return unreconciled ? { ok: false, entries: verdict.entries, ...unreconciled } : verdict;
}

/**
 * An entry whose MAC fails where it stands but holds one place after the entry its link points to
 * (or that entry's own place, when the two were swapped) was moved, not changed.
 */
async function formerPosition<F>(store: LedgerStore<F>, key: Buffer, e: F & Link): Promise<number | undefined> {
  const before = e.prevHash === GENESIS ? 0 : await store.seqOfLink(e.prevHash);
  if (before === undefined) return undefined;
  return [before + 1, before].find((seq) => seq !== e.seq && seq > 0 && linkMac(key, store.def, seq, e.prevHash, e) === e.hash);
}
