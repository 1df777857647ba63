import type { FastifyInstance } from 'fastify';

/**
 * Background work that runs at most once at a time per database in this process (judging the
 * card readers' inbox, refreshing the KPI rollups). A call while a round runs asks for one more
 * round and waits for it, so whatever was committed before the call is covered when it resolves.
 * Across servers, the work's own locks take over.
 */
export class OneAtATime<K extends object, R> {
  private readonly running = new WeakMap<K, { again: boolean; done: Promise<R> }>();

  constructor(private readonly round: (key: K) => Promise<R>) {}

  run(key: K): Promise<R> {
    const current = this.running.get(key);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: false, done: undefined as unknown as Promise<R> };
    state.done = (async () => {
      try {
        let result: R;
        do {
          state.again = false;
          result = await this.round(key);
        } while (state.again);
        return result;
      } finally {
        this.running.delete(key);
      }
    })();
    this.running.set(key, state);
    return state.done;
  }

  /** The run in progress for the key, settled either way; resolves at once when there is none. */
  async settled(key: K): Promise<void> {
    await this.running.get(key)?.done.catch(() => undefined);
  }

  /**
   * Where background jobs run (config.jobWorkers): a run at start and every `everyMs`, failures
   * logged (what was not done stays to be done next time); closing the app waits for the last run.
   */
  installOn(app: FastifyInstance & { db: K }, everyMs: number, what: string) {
    if (!app.config.jobWorkers) return;
    const tick = () => void this.run(app.db).catch((err) => app.log.error({ err }, `${what} failed`));
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      tick();
      timer = setInterval(tick, everyMs);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await this.settled(app.db);
    });
  }
}
