import type { VolunetModule } from '../../platform/module.ts';
import { noticeWorkers } from './notice-worker.ts';
import { noticeRoutes } from './notices.routes.ts';

export const noticesModule: VolunetModule = {
  name: 'notices',
  routes: [{ prefix: '/api/notices', plugin: noticeRoutes }],
  workers: [...noticeWorkers],
};
