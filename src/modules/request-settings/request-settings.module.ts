import type { VolunetModule } from '../../platform/module.ts';
import { requestCategoryRoutes, requestSlaRoutes } from './request-settings.routes.ts';

export const requestSettingsModule: VolunetModule = {
  name: 'request-settings',
  routes: [
    { prefix: '/api/request-categories', plugin: requestCategoryRoutes },
    { prefix: '/api/settings/requests', plugin: requestSlaRoutes },
  ],
};
