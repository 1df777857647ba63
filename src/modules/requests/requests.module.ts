import type { VolunetModule } from '../../platform/module.ts';
import { requestWorkers } from './escalation.ts';
import { requestRoutes } from './requests.routes.ts';

export const requestsModule: VolunetModule = {
  name: 'requests',
  routes: [{ prefix: '/api/requests', plugin: requestRoutes }],
  workers: requestWorkers,
};
