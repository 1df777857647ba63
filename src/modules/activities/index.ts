export { type ActivityRow, browse, findActivity, homeOf, type PositionRow, positionsOf } from './activities.queries.ts';
export { createActivities, getActivity, limitsFor, type PositionInput } from './activities.service.ts';
