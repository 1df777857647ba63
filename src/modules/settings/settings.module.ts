import type { VolunetModule } from '../../platform/module.ts';
import { settingsRoutes } from './settings.routes.ts';

export const settingsModule: VolunetModule = {
  name: 'settings',
  routes: [{ prefix: '/api/settings', plugin: settingsRoutes }],
};
