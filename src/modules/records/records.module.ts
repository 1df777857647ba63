import type { VolunetModule } from '../../platform/module.ts';
import { certificateRoutes } from './certificates.routes.ts';
import { ledgerRoutes } from './ledger.routes.ts';
import { recordReminderWorkers } from './record-reminders.ts';
import { recordRoutes } from './records.routes.ts';
import { reminderRoutes } from './reminders.routes.ts';
import { statementRoutes } from './statements.routes.ts';

export const recordsModule: VolunetModule = {
  name: 'records',
  routes: [
    { prefix: '/api/records', plugin: recordRoutes },
    { prefix: '/api/records', plugin: reminderRoutes },
    { prefix: '/api', plugin: certificateRoutes },
    { prefix: '/api', plugin: statementRoutes },
    { prefix: '/api/ledger', plugin: ledgerRoutes },
  ],
  workers: [...recordReminderWorkers],
};
