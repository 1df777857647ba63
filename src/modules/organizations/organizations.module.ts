import type { VolunetModule } from '../../platform/module.ts';
import { organizationRoutes } from './organizations.routes.ts';

export const organizationsModule: VolunetModule = {
  name: 'organizations',
  routes: [{ prefix: '/api/organizations', plugin: organizationRoutes }],
};
