import type { VolunetModule } from '../../platform/module.ts';
import { emergencyRoutes } from './emergency.routes.ts';
import { emergencyWorkers } from './emergency-end.ts';

export const emergencyModule: VolunetModule = {
  name: 'emergency',
  routes: [{ prefix: '/api/emergency-calls', plugin: emergencyRoutes }],
  workers: emergencyWorkers,
};
