import type { VolunetModule } from '../../platform/module.ts';
import { enrollmentRoutes } from './enrollment.routes.ts';

export const enrollmentModule: VolunetModule = {
  name: 'enrollment',
  routes: [{ prefix: '/api/enrollments', plugin: enrollmentRoutes }],
};
