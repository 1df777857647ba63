import type { VolunetModule } from '../../platform/module.ts';
import { hotlineRoutes } from './hotline.routes.ts';

export const hotlineModule: VolunetModule = {
  name: 'hotline',
  routes: [{ prefix: '/api/hotline', plugin: hotlineRoutes }],
};
