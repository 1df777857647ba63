import type { VolunetModule } from '../../platform/module.ts';
import { areaRoutes } from './areas.routes.ts';

export const areasModule: VolunetModule = {
  name: 'areas',
  routes: [{ prefix: '/api/areas', plugin: areaRoutes }],
};
