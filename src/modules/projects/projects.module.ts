import type { VolunetModule } from '../../platform/module.ts';
import { projectRoutes } from './projects.routes.ts';

export const projectsModule: VolunetModule = {
  name: 'projects',
  routes: [{ prefix: '/api/projects', plugin: projectRoutes }],
};
