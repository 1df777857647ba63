import type { Db, Executor } from './client.ts';

/**
 * Group commit: writes that arrive while a transaction is running wait and then commit
 * together in the next one, and each caller is answered only after its write is durable. Many
 * concurrent single-row requests then cost a few commits instead of one each. If a batch fails,
 * its items are retried one by one, so one bad item never takes the others down.
 */
export class GroupCommit<I, R> {
  private queue: { item: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
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
    } = {},
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.running < (this.options.concurrency ?? 2)) void this.drain();
    });
  }

  private run(items: I[]): Promise<R[]> {
    return this.options.transaction === false ? this.work(this.db, items) : this.db.transaction((tx) => this.work(tx, items));
  }

  private async drain() {
    this.running++;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.options.maxBatch ?? 100);
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
        }
      }
    } finally {
      this.running--;
    }
  }
}
