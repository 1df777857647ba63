import type { VolunetModule } from '../../platform/module.ts';
import { matchingRoutes } from './matching.routes.ts';

export const matchingModule: VolunetModule = {
  name: 'matching',
  routes: [{ prefix: '/api', plugin: matchingRoutes }],
};
