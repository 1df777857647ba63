import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts, areas } from './schema-base.ts';

/**
 * KPI rollups (docs/kpi.md). Kept fresh incrementally by refreshKpiRollups()
 * (src/modules/kpi/kpi.rollups.ts): new ledger entries past a watermark, and volunteers whose
 * attributes changed (a trigger queues them), move only their own contributions. Every area row
 * holds its whole subtree, at every level, so an area's KPIs are a few key lookups.
 */

const hours = (name: string) => numeric(name, { precision: 14, scale: 2 }).notNull().default('0');

/** Where the rollups stand: the last ledger entry folded in. One row. */
export const kpiState = pgTable(
  'kpi_state',
  {
    id: smallint('id').primaryKey().default(1),
    ledgerSeq: bigint('ledger_seq', { mode: 'number' }).notNull().default(0),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }),
    registryRefreshedAt: timestamp('registry_refreshed_at', { withTimezone: true }),
  },
  (t) => [check('kpi_state_one_row', sql`${t.id} = 1`)],
);

/** Volunteers whose KPI attributes changed (area, status, political status, school, cadre), queued by a trigger. */
export const kpiDirtyVolunteers = pgTable('kpi_dirty_volunteers', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  volunteerId: uuid('volunteer_id').notNull(),
});

/** Areas, organizations, stations, inspections, standards or settings changed: the registry figures are recomputed. */
export const kpiDirtyRegistry = pgTable('kpi_dirty_registry', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  source: text('source').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/** Confirmed ledger hours per volunteer and month of service (the record's date), and how many entries. */
export const kpiVolunteerMonths = pgTable(
  'kpi_volunteer_months',
  {
    volunteerId: uuid('volunteer_id').notNull(),
    month: date('month').notNull(),
    hours: hours('hours'),
    entries: integer('entries').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.volunteerId, t.month] })],
);

/** The volunteer attributes the area rollups reflect now: what a change must take away before it adds the new. */
export const kpiVolunteerFacts = pgTable('kpi_volunteer_facts', {
  volunteerId: uuid('volunteer_id').primaryKey(),
  areaCode: text('area_code').notNull(),
  registered: boolean('registered').notNull(),
  partyLeague: boolean('party_league').notNull(),
  cadre: boolean('cadre').notNull(),
  college: boolean('college').notNull(),
  school: boolean('school').notNull(),
  /** Counts as a registration in its month (a merged duplicate does not). */
  registration: boolean('registration').notNull(),
  createdMonth: date('created_month').notNull(),
});

/** Registered volunteers of an area's subtree, as of now. */
export const kpiAreaTotals = pgTable('kpi_area_totals', {
  areaCode: text('area_code').primaryKey(),
  registered: integer('registered').notNull().default(0),
  partyLeague: integer('party_league').notNull().default(0),
  cadres: integer('cadres').notNull().default(0),
  college: integer('college').notNull().default(0),
  school: integer('school').notNull().default(0),
  neverServed: integer('never_served').notNull().default(0),
});

/**
 * Per area subtree and month: confirmed hours (everyone's, cadres', students'), registrations,
 * and changes in the number of active volunteers. A volunteer is active in the 12 months from each
 * month they served; each run of active months adds +1 where it starts and −1 the month after it
 * ends, so the active count at month M is the sum of `active` over months up to M.
 */
export const kpiAreaMonths = pgTable(
  'kpi_area_months',
  {
    areaCode: text('area_code').notNull(),
    month: date('month').notNull(),
    hours: hours('hours'),
    cadreHours: hours('cadre_hours'),
    collegeHours: hours('college_hours'),
    schoolHours: hours('school_hours'),
    active: integer('active').notNull().default(0),
    activePartyLeague: integer('active_party_league').notNull().default(0),
    registrations: integer('registrations').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.month] })],
);

/** Units, organizations, stations and walk coverage of an area's subtree; recomputed whole when the registry changes. */
export const kpiAreaRegistry = pgTable('kpi_area_registry', {
  areaCode: text('area_code').primaryKey(),
  cityUnits: integer('city_units').notNull().default(0),
  cityUnitsWithOrg: integer('city_units_with_org').notNull().default(0),
  districtUnits: integer('district_units').notNull().default(0),
  districtUnitsWithOrg: integer('district_units_with_org').notNull().default(0),
  streetUnits: integer('street_units').notNull().default(0),
  streetUnitsWithOrg: integer('street_units_with_org').notNull().default(0),
  communityUnits: integer('community_units').notNull().default(0),
  communityUnitsWithOrg: integer('community_units_with_org').notNull().default(0),
  stationsOpen: integer('stations_open').notNull().default(0),
  stationsToStandard: integer('stations_to_standard').notNull().default(0),
  floorArea: numeric('floor_area').notNull().default('0'),
  walkResidents: bigint('walk_residents', { mode: 'number' }).notNull().default(0),
  walkCovered: bigint('walk_covered', { mode: 'number' }).notNull().default(0),
});

/**
 * All registered volunteers of an area on every platform together (deduplicated), as the office
 * reconciled the other platforms' reports; the latest entry counts, earlier ones stay as history.
 */
export const kpiRegisteredTotals = pgTable(
  'kpi_registered_totals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    total: integer('total').notNull(),
    reportedOn: date('reported_on').notNull(),
    /** Which platforms' reports the figure reconciles (中国志愿服务网, 志愿汇, …). */
    note: text('note').notNull().default(''),
    enteredBy: uuid('entered_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('kpi_registered_totals_area_idx').on(t.areaCode, t.reportedOn, t.createdAt),
    check('kpi_registered_totals_nonneg', sql`${t.total} >= 0`),
  ],
);
