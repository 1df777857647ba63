import type { VolunetModule } from '../../platform/module.ts';
import { skillRoutes } from './skills.routes.ts';

export const skillsModule: VolunetModule = {
  name: 'skills',
  routes: [{ prefix: '/api/skills', plugin: skillRoutes }],
};
