import type { Executor } from '../../db/client.ts';
import * as q from './request-shift.queries.ts';
import type { RequestRow } from './requests.queries.ts';

/** The builtin project category demand services are filed under. */
const DEMAND_PROJECT_CATEGORY = 'community';

/**
 * The request's shift: the organization's demand-service project (made once: the organization's row
 * lock serializes the first requests), one activity over the request's window at the masked place
 * (the full address is shown per volunteer, never on the activity), one position of its headcount.
 */
export async function ensureShift(
  tx: Executor,
  r: RequestRow,
  org: { id: string; areaCode: string },
  categoryName: string,
  by: string,
): Promise<{ activityId: string; positionId: string }> {
  if (r.activityId && r.positionId) return { activityId: r.activityId, positionId: r.positionId };
  let projectId = await q.demandProjectOf(tx, org.id);
  if (!projectId)
    projectId = await q.insertDemandProject(tx, {
      organizationId: org.id,
      title: '社区需求服务 Community requests',
      categoryCode: DEMAND_PROJECT_CATEGORY,
      areaCode: org.areaCode,
      description: '<p>居民服务需求的派单服务（服务需求转化的班次）。</p>',
      beneficiaries: '社区居民',
      // Running: its activities take check-ins and records like any other; never listed or open to
      // applications (a request's shift is filled only by its own assignment).
      status: 'running',
      kind: 'demand_service',
      createdBy: by,
    });
  return q.insertShift(
    tx,
    {
      projectId,
      title: `${categoryName} ${r.requestNo}`,
      startsAt: r.windowStart,
      endsAt: r.windowEnd,
      stationId: r.stationId,
      address: r.placeMasked ?? '—',
      lat: r.lat,
      lng: r.lng,
      applyDeadline: r.windowEnd,
      cancelDeadline: r.windowStart,
    },
    { name: categoryName, headcount: r.headcount, skills: r.skills, reviewMode: 'auto' },
  );
}
