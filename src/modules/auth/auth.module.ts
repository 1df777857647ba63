import type { VolunetModule } from '../../platform/module.ts';
import { authRoutes } from './auth.routes.ts';

export const authModule: VolunetModule = {
  name: 'auth',
  routes: [{ prefix: '/api/auth', plugin: authRoutes }],
};
