import { sql } from 'drizzle-orm';
import { request } from 'playwright-core';
import { expect } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { DEMO_ORGANIZATION_ID } from '../../src/modules/demo/index.ts';
import type { ApiSession } from './api-session.ts';

/**
 * The world a browser journey starts from, built through the API as the pages would build it
 * (projects.e2e.ts and activities.e2e.ts walk those pages), so each journey spends its browser
 * time on its own pages and all of them build it the same way.
 */

export interface ProjectText {
  title: string;
  description: string;
  beneficiaries: string;
  risks: string;
  categoryCode?: string;
  riskLevel?: 'low' | 'medium' | 'high';
}

/** A project of the demo organization, submitted, approved by its street office and recruiting. */
export async function recruitingProject(org: ApiSession, street: ApiSession, text: ProjectText): Promise<string> {
  const organization = await org.call<{ areaCode: string }>('GET', `/api/organizations/${DEMO_ORGANIZATION_ID}`);
  const project = await org.call<{ id: string }>('POST', '/api/projects', {
    organizationId: DEMO_ORGANIZATION_ID,
    categoryCode: 'elderly',
    riskLevel: 'low',
    ...text,
    areaCode: organization.areaCode,
    insuranceRequired: false,
    budgetYuan: null,
    fundingSource: null,
  });
  await org.call('POST', `/api/projects/${project.id}/transitions`, { action: 'submit' });
  await street.call('POST', `/api/projects/${project.id}/transitions`, { action: 'approve' });
  await org.call('POST', `/api/projects/${project.id}/transitions`, { action: 'recruit' });
  return project.id;
}

export interface ActivityPlan {
  title: string;
  address: string;
  /** Days ahead of now that it starts: the API plans only future activities (see moveActivity). */
  inDays: number;
  hours: number;
  position: { name: string; headcount: number; reviewMode?: 'auto' | 'review' };
  /** Whatever else the journey needs on it: check-in channels, a place and its geofence. */
  more?: Record<string, unknown>;
}

/** An activity of the project with one position, planned ahead. */
export async function activityWithPosition(
  org: ApiSession,
  projectId: string,
  plan: ActivityPlan,
): Promise<{ activityId: string; positionId: string }> {
  const start = Date.now() + plan.inDays * 86_400_000;
  const { ids } = await org.call<{ ids: string[] }>('POST', '/api/activities', {
    projectId,
    title: plan.title,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + plan.hours * 3_600_000).toISOString(),
    address: plan.address,
    ...plan.more,
    positions: [plan.position],
  });
  const activity = await org.call<{ positions: { id: string }[] }>('GET', `/api/activities/${ids[0]}`);
  return { activityId: ids[0], positionId: activity.positions[0].id };
}

/** The volunteer applies for the position and is accepted at once (an 'auto' position with room); the enrollment's id. */
export async function acceptedOn(volunteer: ApiSession, positionId: string): Promise<string> {
  const enrollment = await volunteer.call<{ id: string; status: string }>('POST', '/api/enrollments', { positionId });
  expect(enrollment.status).toBe('accepted');
  return enrollment.id;
}

/**
 * Moves a planned activity in time, in the database, since the API refuses the past. Both ends
 * are PostgreSQL intervals from now: `moveActivity(db, id, '-1 minute', '4 hours')` has it under way.
 */
export async function moveActivity(database: Database, activityId: string, startsFromNow: string, endsFromNow: string) {
  await database.db.execute(
    sql`UPDATE activities SET starts_at = now() + ${startsFromNow}::interval, ends_at = now() + ${endsFromNow}::interval WHERE id = ${activityId}`,
  );
}

/** A pending record of hours added by the organizer (no check-in to derive them from); its id. */
export async function addedRecord(org: ApiSession, enrollmentId: string, addedHours: number, reason: string): Promise<string> {
  return (await org.call<{ id: string }>('POST', '/api/records', { enrollmentId, addedHours, reason })).id;
}

/** An added record, confirmed by the organizer; its id. */
export async function confirmedRecord(org: ApiSession, enrollmentId: string, addedHours: number, reason: string): Promise<string> {
  const id = await addedRecord(org, enrollmentId, addedHours, reason);
  await org.call('POST', `/api/records/${id}/confirm`);
  return id;
}

/** A volunteer registered as a person does on /register (that page has its own journey). */
export async function registeredVolunteer(
  baseUrl: string,
  person: { name: string; phone: string; docNumber: string; password: string },
): Promise<void> {
  const api = await request.newContext({ baseURL: baseUrl });
  const response = await api.post('/api/volunteers/register', {
    data: { ...person, docType: 'resident_id', areaCode: '330102001001', consent: true },
  });
  expect(response.status()).toBe(201);
  await api.dispose();
}
