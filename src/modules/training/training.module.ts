import type { VolunetModule } from '../../platform/module.ts';
import { trainingRoutes } from './training.routes.ts';

export const trainingModule: VolunetModule = {
  name: 'training',
  routes: [{ prefix: '/api/training', plugin: trainingRoutes }],
};
