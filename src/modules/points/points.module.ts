import { onHoursLanded } from '../../platform/hour-hooks.ts';
import type { VolunetModule } from '../../platform/module.ts';
import { pointsRoutes, pointsRuleRoutes, volunteerPointsRoutes } from './points.routes.ts';
import { postRecordPoints } from './points.service.ts';

// Confirmed hours earn points in the transaction that confirms them (platform/hour-hooks.ts).
onHoursLanded('points', postRecordPoints);

export const pointsModule: VolunetModule = {
  name: 'points',
  routes: [
    { prefix: '/api/points', plugin: pointsRoutes },
    { prefix: '/api/settings/points-rule', plugin: pointsRuleRoutes },
    { prefix: '/api/volunteers', plugin: volunteerPointsRoutes },
  ],
};
