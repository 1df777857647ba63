import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  point,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  BENEFICIARY_KINDS,
  CONSENT_GIVERS,
  EMERGENCY_CALL_STATUSES,
  EMERGENCY_RESPONSES,
  HOTLINE_OUTCOMES,
  INVITATION_STATUSES,
  REQUEST_CHANNELS,
  REQUEST_STATUSES,
  REQUEST_URGENCIES,
  type ServiceGuardRule,
} from '../domain/requests/catalog.ts';
import { activities, enrollments, positions } from './schema-activities.ts';
import { accounts, areas } from './schema-base.ts';
import { organizations, stations, volunteers } from './schema-registry.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The demand side: the people served (beneficiaries), their requests, the hotline's calls,
 * emergency calls, targeted invitations and each volunteer's reach (where they are, what they opt into).
 */

/** The catalog of request categories (助老, 助残, 医疗陪诊 …); builtin ones come with the migration, the city adds its own. */
export const requestCategories = pgTable('request_categories', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** The most volunteers one request of this category may ask for. */
  maxVolunteers: smallint('max_volunteers').notNull().default(5),
  /** The over-service guard: at most so many services per beneficiary per day / week (null: no limit). */
  guard: jsonb('guard').$type<ServiceGuardRule>(),
  /** Skills a request of this category asks for unless the person taking it says otherwise. */
  defaultSkills: text('default_skills').array().notNull().default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
  builtin: boolean('builtin').notNull().default(false),
  sort: integer('sort').notNull().default(0),
});

/**
 * A person served, with a record of their own. Phone numbers (their own and a family contact's) are
 * sealed and found by blind index (the hotline finds the caller by the number they call from); the
 * address and care notes are sealed, and a volunteer sees the full address only once assigned.
 */
export const beneficiaries = pgTable(
  'beneficiaries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: BENEFICIARY_KINDS }).notNull(),
    birthYear: smallint('birth_year'),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    addressCipher: text('address_cipher'),
    addressKeyVersion: smallint('address_key_version'),
    /** Street and compound only (e.g. 文新街道 · 德加社区 3 幢): what a volunteer sees before assignment. */
    addressMasked: text('address_masked'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    phoneCipher: text('phone_cipher'),
    phoneKeyVersion: smallint('phone_key_version'),
    phoneIndex: text('phone_index'),
    phoneMasked: text('phone_masked'),
    contactName: text('contact_name'),
    contactRelation: text('contact_relation'),
    contactPhoneCipher: text('contact_phone_cipher'),
    contactPhoneKeyVersion: smallint('contact_phone_key_version'),
    contactPhoneIndex: text('contact_phone_index'),
    contactPhoneMasked: text('contact_phone_masked'),
    /** Health and care needs (sensitive personal information, PIPL Art 28): sealed. */
    notesCipher: text('notes_cipher'),
    notesKeyVersion: smallint('notes_key_version'),
    consentAt: at('consent_at').notNull(),
    consentBy: text('consent_by', { enum: CONSENT_GIVERS }).notNull(),
    /** The resident's own account, when they use the phone page themselves. */
    accountId: uuid('account_id').references(() => accounts.id),
    /** The station that registered them (a walk-in), which its keeper then looks after. */
    stationId: uuid('station_id').references(() => stations.id),
    status: text('status', { enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('beneficiaries_phone_idx').on(t.phoneIndex),
    index('beneficiaries_contact_phone_idx').on(t.contactPhoneIndex),
    index('beneficiaries_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`),
    uniqueIndex('beneficiaries_account_uq').on(t.accountId),
    check(
      'beneficiaries_reachable_ck',
      sql`${t.phoneCipher} is not null or ${t.contactPhoneCipher} is not null or ${t.addressCipher} is not null`,
    ),
  ],
);

export const requestNoSeq = pgSequence('request_no_seq', { startWith: 1, increment: 1 });

export const serviceRequests = pgTable(
  'service_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What people read out on the phone: XQ + yyyymmdd + a sequence (XQ20261207000123). */
    requestNo: text('request_no').notNull(),
    beneficiaryId: uuid('beneficiary_id')
      .notNull()
      .references(() => beneficiaries.id),
    categoryCode: text('category_code')
      .notNull()
      .references(() => requestCategories.code),
    /** Where the service happens (usually the beneficiary's community). */
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    /** The place, sealed like the beneficiary's address (a hospital for 陪诊, the home otherwise). */
    placeCipher: text('place_cipher'),
    placeKeyVersion: smallint('place_key_version'),
    placeMasked: text('place_masked'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    windowStart: at('window_start').notNull(),
    windowEnd: at('window_end').notNull(),
    urgency: text('urgency', { enum: REQUEST_URGENCIES }).notNull().default('normal'),
    headcount: smallint('headcount').notNull().default(1),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** What the volunteer needs to know (no health details: those stay in the beneficiary's sealed notes). */
    notes: text('notes').notNull().default(''),
    channel: text('channel', { enum: REQUEST_CHANNELS }).notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('new'),
    /** The office level it sits with now (0 community … 3 city); climbs when a step is overdue. */
    escalationLevel: smallint('escalation_level').notNull().default(0),
    escalatedAt: at('escalated_at'),
    /** Set at triage: the organization that serves it; its activity holds the shift. */
    organizationId: uuid('organization_id').references(() => organizations.id),
    /** Raised at (or handed to) a station. */
    stationId: uuid('station_id').references(() => stations.id),
    /** The shift a taken request becomes, so check-in, records, the ledger and certificates work unchanged. */
    activityId: uuid('activity_id').references(() => activities.id),
    positionId: uuid('position_id').references(() => positions.id),
    /** Open to matching volunteers nearby, who may take it themselves. */
    publishedAt: at('published_at'),
    mergedInto: uuid('merged_into').references((): AnyPgColumn => serviceRequests.id),
    triageDueAt: at('triage_due_at').notNull(),
    assignDueAt: at('assign_due_at').notNull(),
    triagedAt: at('triaged_at'),
    assignedAt: at('assigned_at'),
    startedAt: at('started_at'),
    doneAt: at('done_at'),
    ratedAt: at('rated_at'),
    closedAt: at('closed_at'),
    cancelledAt: at('cancelled_at'),
    cancelReason: text('cancel_reason'),
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    ratedVia: text('rated_via', { enum: ['beneficiary', 'operator', 'office'] }),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('service_requests_no_uq').on(t.requestNo),
    // Duplicates and the over-service guard look up one beneficiary's services by category and day.
    index('service_requests_beneficiary_idx').on(t.beneficiaryId, t.categoryCode, t.windowStart),
    index('service_requests_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`, t.status),
    index('service_requests_open_due_idx').on(t.assignDueAt).where(sql`${t.status} in ('new', 'triaged')`),
    index('service_requests_org_idx').on(t.organizationId, t.status),
    index('service_requests_activity_idx').on(t.activityId),
    check('service_requests_window_ck', sql`${t.windowEnd} > ${t.windowStart}`),
    check('service_requests_headcount_ck', sql`${t.headcount} between 1 and 100`),
    check('service_requests_rating_ck', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
    check('service_requests_escalation_ck', sql`${t.escalationLevel} between 0 and 3`),
  ],
);

/** Every step of a request, timed and attributed (also merges, escalations and guard overrides with their reason). */
export const requestEvents = pgTable(
  'request_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => serviceRequests.id),
    kind: text('kind').notNull(),
    fromStatus: text('from_status', { enum: REQUEST_STATUSES }),
    toStatus: text('to_status', { enum: REQUEST_STATUSES }),
    actorAccountId: uuid('actor_account_id').references(() => accounts.id),
    params: jsonb('params').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('request_events_request_idx').on(t.requestId, t.at)],
);

/** Who serves a request: assigned by an office or organization, taken by the volunteer, or accepted from an invitation. */
export const requestAssignments = pgTable(
  'request_assignments',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => serviceRequests.id),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    enrollmentId: uuid('enrollment_id').references(() => enrollments.id),
    via: text('via', { enum: ['assigned', 'taken', 'invited'] }).notNull(),
    assignedBy: uuid('assigned_by').references(() => accounts.id),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.volunteerId] }), index('request_assignments_volunteer_idx').on(t.volunteerId, t.at)],
);

/** The hotline's log: every call, who took it, the number it came from (sealed), and what came of it. */
export const hotlineCalls = pgTable(
  'hotline_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorAccountId: uuid('operator_account_id')
      .notNull()
      .references(() => accounts.id),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    callerPhoneCipher: text('caller_phone_cipher'),
    callerPhoneKeyVersion: smallint('caller_phone_key_version'),
    callerPhoneIndex: text('caller_phone_index'),
    callerPhoneMasked: text('caller_phone_masked'),
    beneficiaryId: uuid('beneficiary_id').references(() => beneficiaries.id),
    requestId: uuid('request_id').references(() => serviceRequests.id),
    startedAt: at('started_at').notNull().defaultNow(),
    endedAt: at('ended_at'),
    outcome: text('outcome', { enum: HOTLINE_OUTCOMES }),
    notes: text('notes').notNull().default(''),
  },
  (t) => [
    index('hotline_calls_operator_idx').on(t.operatorAccountId, t.startedAt),
    index('hotline_calls_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`, t.startedAt),
    index('hotline_calls_phone_idx').on(t.callerPhoneIndex),
    index('hotline_calls_beneficiary_idx').on(t.beneficiaryId, t.startedAt),
  ],
);

/**
 * Where a volunteer can be reached from and what they opt into: a home position (the matcher's
 * distance), requests nearby, emergency calls, invitations (at most so many a week, never in quiet hours).
 */
export const volunteerReach = pgTable(
  'volunteer_reach',
  {
    volunteerId: uuid('volunteer_id')
      .primaryKey()
      .references(() => volunteers.id),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    requestsOptIn: boolean('requests_opt_in').notNull().default(true),
    emergencyOptIn: boolean('emergency_opt_in').notNull().default(false),
    invitationsOptIn: boolean('invitations_opt_in').notNull().default(true),
    /** Quiet hours, minutes after midnight China time (from > to wraps past midnight); null: none. */
    quietFrom: smallint('quiet_from'),
    quietTo: smallint('quiet_to'),
    weeklyInvitationCap: smallint('weekly_invitation_cap').notNull().default(3),
    /** How many requests the volunteer may take themselves in a week. */
    weeklyTakeCap: smallint('weekly_take_cap').notNull().default(3),
    /**
     * Where the matcher measures from: (lng, lat) of the home position, else of the home community's
     * centroid. Kept by triggers (migration matching_reach_pos), so every volunteer has a row and the
     * GiST index answers "nearest first" (<->) and "within a box" (<@) on PGlite and the server alike.
     */
    pos: point('pos', { mode: 'xy' }),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('volunteer_reach_pos_gist').using('gist', t.pos),
    check('volunteer_reach_quiet_ck', sql`(${t.quietFrom} is null) = (${t.quietTo} is null)`),
    check('volunteer_reach_caps_ck', sql`${t.weeklyInvitationCap} between 0 and 50 and ${t.weeklyTakeCap} between 0 and 50`),
  ],
);

/** Targeted recruitment (精准投放): an organizer invites the volunteers the matcher found for a position. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    positionId: uuid('position_id').references(() => positions.id),
    requestId: uuid('request_id').references(() => serviceRequests.id),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    status: text('status', { enum: INVITATION_STATUSES }).notNull().default('sent'),
    invitedBy: uuid('invited_by').references(() => accounts.id),
    sentAt: at('sent_at').notNull().defaultNow(),
    respondedAt: at('responded_at'),
  },
  (t) => [
    uniqueIndex('invitations_position_uq').on(t.positionId, t.volunteerId),
    uniqueIndex('invitations_request_uq').on(t.requestId, t.volunteerId),
    index('invitations_volunteer_idx').on(t.volunteerId, t.sentAt),
    check('invitations_target_ck', sql`(${t.positionId} is null) <> (${t.requestId} is null)`),
  ],
);

/** An office's emergency call (应急动员): who, where, when, how many, and a standby list. */
export const emergencyCalls = pgTable(
  'emergency_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    message: text('message').notNull().default(''),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    radiusMeters: integer('radius_meters'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    headcount: integer('headcount').notNull(),
    standbyCount: integer('standby_count').notNull().default(0),
    acceptedCount: integer('accepted_count').notNull().default(0),
    notifiedCount: integer('notified_count').notNull().default(0),
    status: text('status', { enum: EMERGENCY_CALL_STATUSES }).notNull().default('open'),
    /** The organization that runs the call on the ground: the unit its service records name. */
    organizationId: uuid('organization_id').references(() => organizations.id),
    /** Where the accepted volunteers' hours are recorded: a shift of the organization's demand-service project. */
    activityId: uuid('activity_id').references(() => activities.id),
    positionId: uuid('position_id').references(() => positions.id),
    /** Bumped on every change the live page shows: its ETag, so a poll with nothing new is a 304. */
    version: integer('version').notNull().default(0),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
    filledAt: at('filled_at'),
    closedAt: at('closed_at'),
  },
  (t) => [
    index('emergency_calls_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`, t.createdAt),
    check('emergency_calls_time_ck', sql`${t.endsAt} > ${t.startsAt}`),
    check('emergency_calls_headcount_ck', sql`${t.headcount} > 0 and ${t.standbyCount} >= 0`),
    check('emergency_calls_accepted_ck', sql`${t.acceptedCount} between 0 and ${t.headcount}`),
  ],
);

export const emergencyResponses = pgTable(
  'emergency_responses',
  {
    callId: uuid('call_id')
      .notNull()
      .references(() => emergencyCalls.id),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    response: text('response', { enum: EMERGENCY_RESPONSES }).notNull().default('notified'),
    /** The place on the standby list, in the order they answered. */
    standbyNo: integer('standby_no'),
    notifiedAt: at('notified_at').notNull().defaultNow(),
    respondedAt: at('responded_at'),
  },
  (t) => [primaryKey({ columns: [t.callId, t.volunteerId] }), index('emergency_responses_volunteer_idx').on(t.volunteerId, t.notifiedAt)],
);
