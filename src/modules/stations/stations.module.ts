import type { VolunetModule } from '../../platform/module.ts';
import { stationRoutes } from './stations.routes.ts';

export const stationsModule: VolunetModule = {
  name: 'stations',
  routes: [{ prefix: '/api/stations', plugin: stationRoutes }],
};
