import type { VolunetModule } from '../../platform/module.ts';
import { calendarRoutes } from './calendar.routes.ts';

export const calendarModule: VolunetModule = {
  name: 'calendar',
  routes: [{ prefix: '/api/calendar', plugin: calendarRoutes }],
};
