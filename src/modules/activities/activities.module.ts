import type { VolunetModule } from '../../platform/module.ts';
import { activityRoutes } from './activities.routes.ts';

export const activitiesModule: VolunetModule = {
  name: 'activities',
  routes: [{ prefix: '/api/activities', plugin: activityRoutes }],
};
