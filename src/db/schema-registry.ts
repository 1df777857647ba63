import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts, areas } from './schema-base.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** The registry (一库): volunteers, organizations, service stations and where each came from. */

/** The skills catalog; builtin skills come with the migration, the city adds its own. */
export const skills = pgTable('skills', {
  code: text('code').primaryKey(),
  category: text('category').notNull(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** Holding it for a position needs a certificate (a doctor, a lifeguard): asks for a number and expiry. */
  needsCertificate: boolean('needs_certificate').notNull().default(false),
  builtin: boolean('builtin').notNull().default(false),
  createdAt: createdAt(),
});

export interface VolunteerSkill {
  code: string;
  certificateNo?: string | null;
  expiresOn?: string | null;
}
export interface VolunteerLanguage {
  code: string;
  level: 'basic' | 'working' | 'fluent' | 'native';
}

/** Public volunteer numbers (志愿者编号) come from this sequence plus a city prefix and a check digit. */
export const volunteerNoSeq = pgSequence('volunteer_no_seq', { startWith: 1, increment: 1 });

/**
 * The codes of the areas a residence lies in, from the city down to the community: "lives in
 * the subtree of a city, district, street or community code" is `areaLineage(…) @> array[code]`,
 * a key of the search index. Queries must build the expression the same way to use the index.
 */
export const areaLineage = (areaCode: AnyPgColumn) =>
  sql<string[]>`array[left(${areaCode}, 4), left(${areaCode}, 6), left(${areaCode}, 9), ${areaCode}]`;

/**
 * One row per person, whatever platform they registered on first. ID document and phone numbers
 * are sealed (AES-256-GCM, versioned key) and found through keyed hashes; the masked forms are
 * kept beside them so lists never decrypt.
 */
export const volunteers = pgTable(
  'volunteers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerNo: text('volunteer_no').notNull(),
    accountId: uuid('account_id').references(() => accounts.id),
    name: text('name').notNull(),
    sex: text('sex', { enum: ['male', 'female'] }),
    birthDate: date('birth_date'),
    docType: text('doc_type'),
    docCipher: text('doc_cipher'),
    docKeyVersion: smallint('doc_key_version'),
    docIndex: text('doc_index'),
    docMasked: text('doc_masked'),
    phoneCipher: text('phone_cipher'),
    phoneKeyVersion: smallint('phone_key_version'),
    phoneIndex: text('phone_index'),
    phoneMasked: text('phone_masked'),
    /** Name + phone keyed hash: a duplicate candidate when there is no ID number to decide. */
    namePhoneIndex: text('name_phone_index'),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    politicalStatus: text('political_status'),
    education: text('education'),
    occupation: text('occupation'),
    schoolName: text('school_name'),
    schoolType: text('school_type', { enum: ['college', 'secondary', 'primary'] }),
    /** A cadre (干部) of a party or government organ or public unit; a CPC member who is one is a 党员干部 (60 h a year). */
    cadre: boolean('cadre').notNull().default(false),
    skills: jsonb('skills').$type<VolunteerSkill[]>().notNull().default([]),
    languages: jsonb('languages').$type<VolunteerLanguage[]>().notNull().default([]),
    serviceCategories: text('service_categories').array().notNull().default(sql`'{}'::text[]`),
    /** 21 bits: 7 days (Mon first) × morning / afternoon / evening. */
    availability: integer('availability').notNull().default(0),
    guardianName: text('guardian_name'),
    guardianPhoneCipher: text('guardian_phone_cipher'),
    guardianPhoneKeyVersion: smallint('guardian_phone_key_version'),
    guardianPhoneMasked: text('guardian_phone_masked'),
    guardianConsentAt: timestamp('guardian_consent_at', { withTimezone: true }),
    /** The secret of the personal calendar feed (/api/calendar/<token>.ics); a new one cuts old subscriptions. */
    calendarToken: text('calendar_token'),
    /** Where notices are e-mailed, when the city has configured SMTP (optional). */
    noticeEmail: text('notice_email'),
    /** How long before an activity the volunteer is reminded. */
    reminderHours: smallint('reminder_hours').notNull().default(24),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    registeredVia: text('registered_via', { enum: ['self', 'organization', 'import', 'office'] }).notNull(),
    status: text('status', { enum: ['active', 'suspended', 'deregistered', 'merged'] })
      .notNull()
      .default('active'),
    mergedInto: uuid('merged_into').references((): AnyPgColumn => volunteers.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deregisteredAt: timestamp('deregistered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('volunteers_no_uq').on(t.volunteerNo),
    uniqueIndex('volunteers_doc_index_uq').on(t.docIndex),
    uniqueIndex('volunteers_account_uq').on(t.accountId),
    uniqueIndex('volunteers_calendar_uq').on(t.calendarToken),
    index('volunteers_phone_index_idx').on(t.phoneIndex),
    index('volunteers_name_phone_idx').on(t.namePhoneIndex),
    index('volunteers_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`),
    // One GIN index for the admin search, so skill + language + area subtree are intersected
    // inside the index: separate indexes each built a bitmap of ~150 000 rows, which went lossy
    // past work_mem and made PostgreSQL recheck a quarter of the table. Queries on skills or
    // languages alone use it as well as a single-column index would.
    index('volunteers_search_gin').using(
      'gin',
      sql`${t.skills} jsonb_path_ops`,
      sql`${t.languages} jsonb_path_ops`,
      sql`(${areaLineage(t.areaCode)})`,
    ),
    index('volunteers_name_idx').on(t.name),
    // The search's default order (newest first): a broad search pages from here, not from a sort of everyone.
    index('volunteers_created_idx').on(t.createdAt),
    check('volunteers_availability_bits', sql`${t.availability} >= 0 AND ${t.availability} < 2097152`),
  ],
);

/** Where a volunteer came from: one link per source platform and its id there. */
export const volunteerSources = pgTable(
  'volunteer_sources',
  {
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.externalId] }), index('volunteer_sources_volunteer_idx').on(t.volunteerId)],
);

/**
 * Organizations: registered (with a 统一社会信用代码), filed teams (备案 at a street or community)
 * and unit teams (of a company, school or government unit), with sub-teams.
 */
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['registered', 'filed', 'unit'] }).notNull(),
    uscc: text('uscc'),
    unitType: text('unit_type', { enum: ['company', 'school', 'government', 'other'] }),
    parentId: uuid('parent_id').references((): AnyPgColumn => organizations.id),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    status: text('status', { enum: ['pending', 'active', 'rejected', 'suspended', 'revoked'] })
      .notNull()
      .default('pending'),
    joinMode: text('join_mode', { enum: ['open', 'approval', 'invitation'] })
      .notNull()
      .default('approval'),
    hasPartyBranch: boolean('has_party_branch').notNull().default(false),
    hasLeagueBranch: boolean('has_league_branch').notNull().default(false),
    serviceCategories: text('service_categories').array().notNull().default(sql`'{}'::text[]`),
    contactName: text('contact_name').notNull(),
    contactPhoneCipher: text('contact_phone_cipher').notNull(),
    contactPhoneKeyVersion: smallint('contact_phone_key_version').notNull(),
    contactPhoneMasked: text('contact_phone_masked').notNull(),
    address: text('address'),
    description: text('description'),
    appliedBy: uuid('applied_by').references(() => accounts.id),
    statusReason: text('status_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('organizations_uscc_uq').on(t.uscc),
    index('organizations_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`),
    index('organizations_parent_idx').on(t.parentId),
    index('organizations_status_idx').on(t.status),
    check('organizations_registered_has_uscc', sql`${t.kind} <> 'registered' OR ${t.uscc} IS NOT NULL`),
    check('organizations_unit_has_type', sql`${t.kind} <> 'unit' OR ${t.unitType} IS NOT NULL`),
  ],
);

/** Every status change of an organization, with who and why; append-only like the audit log. */
export const organizationEvents = pgTable(
  'organization_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organization_events_org_idx').on(t.organizationId, t.at)],
);

export const organizationMembers = pgTable(
  'organization_members',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    role: text('role', { enum: ['leader', 'admin', 'member'] })
      .notNull()
      .default('member'),
    status: text('status', { enum: ['applied', 'invited', 'active', 'left', 'removed', 'rejected'] }).notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.volunteerId] }),
    index('organization_members_volunteer_idx').on(t.volunteerId, t.status),
  ],
);

/** Service stations: U站, 雷锋之家, 志愿服务站, 青年V站. */
export const stations = pgTable(
  'stations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['u_station', 'leifeng_home', 'service_station', 'youth_v_station'] }).notNull(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    address: text('address').notNull(),
    floorArea: doublePrecision('floor_area').notNull().default(0),
    openingHours: text('opening_hours'),
    hostOrganizationId: uuid('host_organization_id').references(() => organizations.id),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('stations_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`),
    check('stations_floor_area_nonneg', sql`${t.floorArea} >= 0`),
  ],
);

/** The standards checklist the city configures; retired items stay for old inspections' sake. */
export const stationStandards = pgTable('station_standards', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  active: boolean('active').notNull().default(true),
  sort: integer('sort').notNull().default(0),
  createdAt: createdAt(),
});

export const stationInspections = pgTable(
  'station_inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id),
    inspectedOn: date('inspected_on').notNull(),
    inspectorId: uuid('inspector_id').references(() => accounts.id),
    inspectorName: text('inspector_name').notNull(),
    itemsMet: text('items_met').array().notNull(),
    notes: text('notes'),
    createdAt: createdAt(),
  },
  (t) => [index('station_inspections_station_idx').on(t.stationId, t.inspectedOn)],
);
