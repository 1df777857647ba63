import type { VolunetModule } from '../../platform/module.ts';
import { installDeviceInboxDrain } from './attendance.devices.ts';
import { attendanceRoutes } from './attendance.routes.ts';
import { attendanceDeviceRoutes } from './attendance-devices.routes.ts';

export const attendanceModule: VolunetModule = {
  name: 'attendance',
  routes: [
    { prefix: '/api/attendance', plugin: attendanceRoutes },
    { prefix: '/api/attendance', plugin: attendanceDeviceRoutes },
  ],
  background: [installDeviceInboxDrain],
};
