import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { type RefreshResult, refreshKpiRollupsFully } from './kpi.rollups.ts';

/** Figures may be at most 60 s behind the records (issue 6); refreshing every 10 s keeps well inside that. */
export const KPI_REFRESH_MS = 10_000;

/**
 * One refresh at a time in this process; asking while one runs waits for it and then runs once
 * more, so whatever was committed before the call is in the figures when it resolves. Across
 * servers the advisory lock in refreshKpiRollups takes over.
 */
const running = new WeakMap<Db, { again: boolean; done: Promise<RefreshResult> }>();

export function refreshKpisNow(db: Db): Promise<RefreshResult> {
  const current = running.get(db);
  if (current) {
    current.again = true;
    return current.done;
  }
  const state = { again: false, done: Promise.resolve({} as RefreshResult) };
  state.done = (async () => {
    try {
      let result: RefreshResult;
      do {
        state.again = false;
        result = await refreshKpiRollupsFully(db);
      } while (state.again);
      return result;
    } finally {
      running.delete(db);
    }
  })();
  running.set(db, state);
  return state.done;
}

/** Where background jobs run (config.jobWorkers): refresh at start and every ten seconds. */
export function installKpiRefresh(app: FastifyInstance) {
  if (!app.config.jobWorkers) return;
  const refresh = () => void refreshKpisNow(app.db).catch((err) => app.log.error({ err }, 'KPI refresh failed'));
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    refresh();
    timer = setInterval(refresh, KPI_REFRESH_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running.get(app.db)?.done.catch(() => undefined);
  });
}
