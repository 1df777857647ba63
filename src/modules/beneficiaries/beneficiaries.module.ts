import type { VolunetModule } from '../../platform/module.ts';
import { beneficiaryRoutes } from './beneficiaries.routes.ts';

export const beneficiariesModule: VolunetModule = {
  name: 'beneficiaries',
  routes: [{ prefix: '/api/beneficiaries', plugin: beneficiaryRoutes }],
};
