import type { VolunetModule } from '../../platform/module.ts';
import { volunteerRoutes } from './volunteers.routes.ts';

export const volunteersModule: VolunetModule = {
  name: 'volunteers',
  routes: [{ prefix: '/api/volunteers', plugin: volunteerRoutes }],
};
