import type { VolunetModule } from '../../platform/module.ts';
import { auditRoutes } from './audit.routes.ts';

export const auditModule: VolunetModule = {
  name: 'audit',
  routes: [{ prefix: '/api/audit', plugin: auditRoutes }],
};
