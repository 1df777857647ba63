import type { VolunetModule } from '../../platform/module.ts';
import { requestCategoryRoutes, requestSlaRoutes, volunteerCapsRoutes } from './request-settings.routes.ts';

export const requestSettingsModule: VolunetModule = {
  name: 'request-settings',
  routes: [
    { prefix: '/api/request-categories', plugin: requestCategoryRoutes },
    { prefix: '/api/settings/requests', plugin: requestSlaRoutes },
    { prefix: '/api/settings/volunteer-caps', plugin: volunteerCapsRoutes },
  ],
};
