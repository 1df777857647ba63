import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { OneAtATime } from '../../platform/one-at-a-time.ts';
import { type RefreshResult, refreshKpiRollupsFully } from './kpi.rollups.ts';

/** Figures may be at most 60 s behind the records (issue 6); refreshing every 10 s keeps well inside that. */
export const KPI_REFRESH_MS = 10_000;

/**
 * One refresh at a time in this process; asking while one runs waits for it and then runs once
 * more, so whatever was committed before the call is in the figures when it resolves. Across
 * servers the advisory lock in refreshKpiRollups takes over.
 */
const refresher = new OneAtATime<Db, RefreshResult>((db) => refreshKpiRollupsFully(db));

export const refreshKpisNow = (db: Db): Promise<RefreshResult> => refresher.run(db);

/** Where background jobs run (config.jobWorkers): refresh at start and every ten seconds. */
export const installKpiRefresh = (app: FastifyInstance) => refresher.installOn(app, KPI_REFRESH_MS, 'KPI refresh');
