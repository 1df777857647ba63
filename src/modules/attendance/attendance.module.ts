import type { VolunetModule } from '../../platform/module.ts';
import { installDeviceInboxDrain } from './attendance.devices.ts';
import { attendanceRoutes } from './attendance.routes.ts';

export const attendanceModule: VolunetModule = {
  name: 'attendance',
  routes: [{ prefix: '/api/attendance', plugin: attendanceRoutes }],
  background: [installDeviceInboxDrain],
};
