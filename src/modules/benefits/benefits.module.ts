import type { QueueWorker } from '../../platform/jobs.ts';
import { QUEUES } from '../../platform/jobs.ts';
import type { VolunetModule } from '../../platform/module.ts';
import { benefitsOfficeRoutes, benefitsRoutes } from './benefits.routes.ts';
import { expireDue } from './redemption.service.ts';

/** Unused codes past their date expire and refund every 10 minutes (idempotent: a code closes once). */
const benefitWorkers: QueueWorker[] = [
  { queue: QUEUES.benefitExpiry, cron: '*/10 * * * *', handle: async (app) => void (await expireDue(app.db, app.config.ledgerKey)) },
];

export const benefitsModule: VolunetModule = {
  name: 'benefits',
  routes: [
    { prefix: '/api/benefits', plugin: benefitsRoutes },
    { prefix: '/api/benefits/office', plugin: benefitsOfficeRoutes },
  ],
  workers: benefitWorkers,
};
