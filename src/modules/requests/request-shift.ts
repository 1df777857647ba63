import type { Executor } from '../../db/client.ts';
import type { activities, positions } from '../../db/schema.ts';
import * as q from './request-shift.queries.ts';
import type { RequestRow } from './requests.queries.ts';

/** The project a kind of demand is filed under, once per organization. */
export interface DemandProject {
  /** A builtin project category: 'community' for requests, 'emergency' for emergency calls. */
  categoryCode: string;
  title: string;
  description: string;
  beneficiaries: string;
}

/** The requests' project (the demo city's served requests are filed under the same one). */
export const REQUESTS_PROJECT: DemandProject = {
  categoryCode: 'community',
  title: '社区需求服务 Community requests',
  description: '<p>居民服务需求的派单服务（服务需求转化的班次）。</p>',
  beneficiaries: '社区居民',
};

/**
 * A shift nobody applies to: one activity and one position of the organization's demand-service
 * project of that kind (made once: the organization's row lock serializes the first ones). Used by
 * service requests and emergency calls alike; the caller places its volunteers on the position.
 */
export async function ensureDemandShift(
  tx: Executor,
  org: { id: string; areaCode: string },
  project: DemandProject,
  by: string,
  activity: Omit<typeof activities.$inferInsert, 'projectId'>,
  position: Omit<typeof positions.$inferInsert, 'activityId'>,
): Promise<{ activityId: string; positionId: string }> {
  await q.lockOrganization(tx, org.id);
  let projectId = await q.demandProjectOf(tx, org.id, project.categoryCode);
  if (!projectId)
    projectId = await q.insertDemandProject(tx, {
      organizationId: org.id,
      title: project.title,
      categoryCode: project.categoryCode,
      areaCode: org.areaCode,
      description: project.description,
      beneficiaries: project.beneficiaries,
      // Running: its activities take check-ins and records like any other; never listed or open to
      // applications (a demand's shift is filled only by its own assignment).
      status: 'running',
      kind: 'demand_service',
      createdBy: by,
    });
  return q.insertShift(tx, { ...activity, projectId }, position);
}

/**
 * The request's shift: the organization's demand-service project, one activity over the request's
 * window at the masked place (the full address is shown per volunteer, never on the activity), one
 * position of its headcount.
 */
export async function ensureShift(
  tx: Executor,
  r: RequestRow,
  org: { id: string; areaCode: string },
  categoryName: string,
  by: string,
): Promise<{ activityId: string; positionId: string }> {
  if (r.activityId && r.positionId) return { activityId: r.activityId, positionId: r.positionId };
  return ensureDemandShift(
    tx,
    org,
    REQUESTS_PROJECT,
    by,
    {
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
