export { type ActivityRow, browse, findActivity, homeOf, type PositionRow, positionsOf } from './activities.queries.ts';
export {
  createActivities,
  DETAIL_ACTIONS as ACTIVITY_DETAIL_ACTIONS,
  endActivities,
  getActivity,
  limitsFor,
  type PositionInput,
} from './activities.service.ts';
