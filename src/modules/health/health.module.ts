import type { VolunetModule } from '../../platform/module.ts';
import { healthRoutes } from './health.routes.ts';

export const healthModule: VolunetModule = {
  name: 'health',
  routes: [{ prefix: '/api', plugin: healthRoutes }],
};
