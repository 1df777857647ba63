import type { VolunetModule } from '../../platform/module.ts';
import { emergencyRoutes } from './emergency.routes.ts';

export const emergencyModule: VolunetModule = {
  name: 'emergency',
  routes: [{ prefix: '/api/emergency-calls', plugin: emergencyRoutes }],
};
