import type { VolunetModule } from '../../platform/module.ts';
import { installKpiRefresh } from './kpi.job.ts';
import { kpiRoutes } from './kpi.routes.ts';

export const kpiModule: VolunetModule = {
  name: 'kpi',
  routes: [{ prefix: '/api/kpi', plugin: kpiRoutes }],
  background: [installKpiRefresh],
};
