import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

import type { WeeklyRule } from '../domain/activities/schedule.ts';
import type { CHECKIN_METHODS } from '../domain/attendance/methods.ts';
import { ENROLLMENT_STATUSES } from '../domain/enrollment/enrollment.ts';
import type { LanguageLevel } from '../domain/volunteers/registration.ts';
import { accounts } from './schema-base.ts';
import { projects } from './schema-projects.ts';
import { organizations, stations, volunteers } from './schema-registry.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Activities, positions and enrollment, with the training and insurance that positions require. */

/** Settings the city configures (working-time limits, …): one JSON value per key. */
export const citySettings = pgTable('city_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedBy: uuid('updated_by').references(() => accounts.id),
  updatedAt: updatedAt(),
});

/** Training courses (MCA 2020 measures, Art 8) and who completed them; positions may require them (条例 Art 16). */
export const trainingCourses = pgTable(
  'training_courses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    content: text('content').notNull().default(''),
    durationHours: numeric('duration_hours', { precision: 5, scale: 1, mode: 'number' }).notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    /** An office's own course: the office's area, which scopes who records its completions. */
    areaCode: text('area_code'),
    organizerName: text('organizer_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('training_courses_org_idx').on(t.organizationId)],
);

export const trainingCompletions = pgTable(
  'training_completions',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => trainingCourses.id),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    completedOn: date('completed_on').notNull(),
    certificateNo: text('certificate_no'),
    recordedBy: uuid('recorded_by').references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.volunteerId] }), index('training_completions_volunteer_idx').on(t.volunteerId)],
);

/** Accident insurance (条例 Art 17): a person's own policy, or an organization's group policy for its participants. */
export const insurancePolicies = pgTable(
  'insurance_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['personal', 'group'] }).notNull(),
    volunteerId: uuid('volunteer_id').references(() => volunteers.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    insurer: text('insurer').notNull(),
    policyNo: text('policy_no').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    coverage: text('coverage').notNull().default(''),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('insurance_policies_volunteer_idx').on(t.volunteerId, t.endsOn),
    index('insurance_policies_org_idx').on(t.organizationId, t.endsOn),
    check('insurance_policies_period_ck', sql`${t.endsOn} >= ${t.startsOn}`),
    check(
      'insurance_policies_holder_ck',
      sql`(${t.kind} = 'personal' and ${t.volunteerId} is not null and ${t.organizationId} is null)
        or (${t.kind} = 'group' and ${t.organizationId} is not null and ${t.volunteerId} is null)`,
    ),
  ],
);

/** A recurring series: the rule its activities were made from, so "all future ones" can change together. */
export const activitySeries = pgTable('activity_series', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id')
    .notNull()
    .references(() => projects.id),
  rule: jsonb('rule').$type<WeeklyRule>().notNull(),
  createdAt: createdAt(),
});

export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    seriesId: uuid('series_id').references(() => activitySeries.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** Held at a service station, or at an address with coordinates. */
    stationId: uuid('station_id').references(() => stations.id),
    address: text('address').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** Geofenced phone check-in works within this many metres. */
    geofenceMeters: integer('geofence_meters').notNull().default(200),
    checkinMethods: text('checkin_methods')
      .array()
      .$type<(typeof CHECKIN_METHODS)[number][]>()
      .notNull()
      .default(sql`array['code','ecard','manual']::text[]`),
    /** Applications close at this instant (default: the start). */
    applyDeadline: timestamp('apply_deadline', { withTimezone: true }).notNull(),
    /** Volunteers may cancel until this instant (default: a day before the start). */
    cancelDeadline: timestamp('cancel_deadline', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['scheduled', 'cancelled'] })
      .notNull()
      .default('scheduled'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('activities_project_idx').on(t.projectId, t.startsAt),
    index('activities_series_idx').on(t.seriesId, t.startsAt),
    index('activities_starts_idx').on(t.startsAt),
    check('activities_time_ck', sql`${t.endsAt} > ${t.startsAt}`),
    check('activities_geofence_ck', sql`${t.geofenceMeters} between 10 and 5000`),
  ],
);

export interface PositionLanguage {
  code: string;
  minLevel: LanguageLevel;
}

export const positions = pgTable(
  'positions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id),
    name: text('name').notNull(),
    /** The order the organizer listed the positions in. */
    seq: smallint('seq').notNull().default(0),
    description: text('description').notNull().default(''),
    headcount: integer('headcount').notNull(),
    reviewMode: text('review_mode', { enum: ['auto', 'review'] })
      .notNull()
      .default('auto'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    languages: jsonb('languages').$type<PositionLanguage[]>().notNull().default([]),
    minAge: smallint('min_age'),
    maxAge: smallint('max_age'),
    courseIds: uuid('course_ids').array().notNull().default(sql`'{}'::uuid[]`),
    minStars: smallint('min_stars').notNull().default(0),
    insuranceRequired: boolean('insurance_required').notNull().default(false),
    minorsAllowed: boolean('minors_allowed').notNull().default(false),
    /** A stricter daily cap for minors on this position, in hours. */
    minorDailyHours: numeric('minor_daily_hours', { precision: 4, scale: 1, mode: 'number' }),
    /** Places taken, kept with the enrollments under the position's row lock (never overbooked). */
    acceptedCount: integer('accepted_count').notNull().default(0),
    /** The last waitlist number given out: the waitlist is served in this order. */
    waitlistSeq: integer('waitlist_seq').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('positions_activity_idx').on(t.activityId),
    check('positions_headcount_ck', sql`${t.headcount} > 0`),
    check('positions_accepted_ck', sql`${t.acceptedCount} between 0 and ${t.headcount}`),
    check('positions_age_ck', sql`${t.minAge} is null or ${t.maxAge} is null or ${t.minAge} <= ${t.maxAge}`),
  ],
);

export const enrollments = pgTable(
  'enrollments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    positionId: uuid('position_id')
      .notNull()
      .references(() => positions.id),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    status: text('status', { enum: ENROLLMENT_STATUSES }).notNull(),
    waitlistNo: integer('waitlist_no'),
    /** A rejection's or an organizer's cancellation's reason. */
    reason: text('reason'),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** When the reminder before the activity went out (once per application). */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('enrollments_live_uq').on(t.positionId, t.volunteerId).where(sql`${t.status} in ('applied', 'accepted', 'waitlisted')`),
    index('enrollments_volunteer_idx').on(t.volunteerId, t.status),
    index('enrollments_position_idx').on(t.positionId, t.status, t.waitlistNo),
  ],
);

/** The in-app inbox: notices to a volunteer (accepted, promoted, cancelled, changed, reminders). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_volunteer_idx').on(t.volunteerId, t.createdAt)],
);

/** Each notice's delivery through an outbound channel (e-mail, webhook): the outbox's record. */
export const noticeDeliveries = pgTable(
  'notice_deliveries',
  {
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id),
    channel: text('channel', { enum: ['email', 'webhook'] }).notNull(),
    status: text('status', { enum: ['sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(1),
    lastError: text('last_error'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.channel] })],
);
