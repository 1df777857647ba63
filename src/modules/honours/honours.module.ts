import type { VolunetModule } from '../../platform/module.ts';
import { awardsRoutes } from './awards.routes.ts';
import { honoursRoutes } from './honours.routes.ts';

export const honoursModule: VolunetModule = {
  name: 'honours',
  routes: [
    { prefix: '/api', plugin: honoursRoutes },
    { prefix: '/api/awards', plugin: awardsRoutes },
  ],
};
