import { onHoursLanded } from '../../platform/hour-hooks.ts';
import { QUEUES, type QueueWorker } from '../../platform/jobs.ts';
import type { VolunetModule } from '../../platform/module.ts';
import { onRequest } from '../../platform/request-hooks.ts';
import { timeBankFamilyRoutes } from './family.routes.ts';
import { checkCancel, checkServers, holdForRequest, payForRecord, releaseHold, settleHolds } from './service-pay.ts';
import { timeBankRoutes, timeBankRuleRoutes } from './time-bank.routes.ts';
import { depositRecordCredits } from './time-bank.service.ts';
import { volunteerTimeBankRoutes } from './volunteer-time-bank.routes.ts';

// Confirmed hours of eligible categories deposit time credits in the confirming transaction, after points.
onHoursLanded('timeBank', depositRecordCredits);
// Requests paid in credits: held at raising, paid as their records are confirmed, the rest released at the end.
onHoursLanded('timeBankPayments', payForRecord);
onRequest('timeBank', { raised: holdForRequest, ended: releaseHold, cancelling: checkCancel, assigning: checkServers });

// Holds whose last claims were refused, or whose request was never closed, are settled every night.
const timeBankWorkers: QueueWorker[] = [
  { queue: QUEUES.holdSettlement, cron: '20 2 * * *', handle: async (app) => void (await settleHolds(app.db, app.config.ledgerKey)) },
];

export const timeBankModule: VolunetModule = {
  name: 'time-bank',
  routes: [
    { prefix: '/api/time-bank', plugin: timeBankRoutes },
    { prefix: '/api/time-bank', plugin: timeBankFamilyRoutes },
    { prefix: '/api/settings/time-bank-rule', plugin: timeBankRuleRoutes },
    { prefix: '/api/volunteers', plugin: volunteerTimeBankRoutes },
  ],
  workers: timeBankWorkers,
};
