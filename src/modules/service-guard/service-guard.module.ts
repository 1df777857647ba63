import type { VolunetModule } from '../../platform/module.ts';
import { serviceGuardRoutes } from './service-guard.routes.ts';

export const serviceGuardModule: VolunetModule = {
  name: 'service-guard',
  routes: [{ prefix: '/api/reports/service-guard', plugin: serviceGuardRoutes }],
};
