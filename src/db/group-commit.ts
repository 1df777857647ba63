import type { Db, Executor } from './client.ts';

interface Entry<I, R> {
  item: I;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: writes that arrive while a transaction is running wait and then commit
 * together in the next one, and each caller is answered only after its write is durable. Many
 * concurrent single-row requests then cost a few commits instead of one each. If a batch fails,
 * its items are retried one by one, so one bad item never takes the others down.
 *
 * With `partition`, batches run side by side only on different partitions: an item waits while
 * another running batch holds its partition, and items of one partition are written in the order
 * they came. Work that reads what earlier items of the same partition wrote (a person's check-out
 * after their check-in) then never judges against a state another batch is still changing.
 */
export class GroupCommit<I, R> {
  private queue: Entry<I, R>[] = [];
  private running = 0;

  constructor(
    private readonly db: Db,
    /** Writes a batch in the transaction given, answering one result per item, in order. */
    private readonly work: (tx: Executor, items: I[]) => Promise<R[]>,
    private readonly options: {
      maxBatch?: number;
      concurrency?: number;
      /**
       * false: `work` is handed the database itself, for work whose only write is one statement
       * (atomic by itself) — BEGIN and COMMIT would be two more round trips per batch.
       */
      transaction?: boolean;
      /** The partition of an item (see above); without it, any items may be written side by side. */
      partition?: (item: I) => string;
    } = {},
  ) {}

  /** Partitions held by running batches. */
  private readonly held = new Set<string>();

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.running < (this.options.concurrency ?? 2)) void this.drain();
    });
  }

  private run(items: I[]): Promise<R[]> {
    return this.options.transaction === false ? this.work(this.db, items) : this.db.transaction((tx) => this.work(tx, items));
  }

  /**
   * The next batch: up to maxBatch queued items, oldest first, leaving in the queue those whose
   * partition another running batch holds (and so every later item of that partition too).
   */
  private take(): { batch: Entry<I, R>[]; keys: Set<string> } {
    const max = this.options.maxBatch ?? 100;
    const partition = this.options.partition;
    const keys = new Set<string>();
    if (!partition) return { batch: this.queue.splice(0, max), keys };
    const batch: Entry<I, R>[] = [];
    const left: Entry<I, R>[] = [];
    for (const entry of this.queue) {
      const key = partition(entry.item);
      if (batch.length < max && (keys.has(key) || !this.held.has(key))) {
        keys.add(key);
        batch.push(entry);
      } else left.push(entry);
    }
    this.queue = left;
    for (const key of keys) this.held.add(key);
    return { batch, keys };
  }

  private async drain() {
    this.running++;
    try {
      while (this.queue.length) {
        const { batch, keys } = this.take();
        // Everything queued waits for a partition a running batch holds: that batch's drain
        // takes it next.
        if (batch.length === 0) break;
        try {
          const results = await this.run(batch.map((b) => b.item));
          for (const [i, b] of batch.entries()) b.resolve(results[i]);
        } catch {
          for (const b of batch) {
            try {
              b.resolve((await this.run([b.item]))[0]);
            } catch (err) {
              b.reject(err);
            }
          }
        } finally {
          for (const key of keys) this.held.delete(key);
        }
      }
    } finally {
      this.running--;
    }
  }
}
