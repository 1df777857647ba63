import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, numeric, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { WorkloadLimits } from '../domain/enrollment/eligibility.ts';
import { PROJECT_STATUSES, RISK_LEVELS } from '../domain/projects/lifecycle.ts';
import { accounts, areas } from './schema-base.ts';
import { organizations } from './schema-registry.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Projects (志愿服务项目): where a need, a team and volunteers meet. Activities hang under them. */

/** The category catalog; builtin categories come with the migration, the city adds its own. */
export const projectCategories = pgTable('project_categories', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  builtin: boolean('builtin').notNull().default(false),
  createdAt: createdAt(),
});

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    categoryCode: text('category_code')
      .notNull()
      .references(() => projectCategories.code),
    /** The area served; its office reviews the project (立项评审). */
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    /** Rich text, sanitized on write: only the tags the page may show survive. */
    description: text('description').notNull().default(''),
    beneficiaries: text('beneficiaries').notNull().default(''),
    /** The risks volunteers are told before they join (条例 Art 12). */
    risks: text('risks').notNull().default(''),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull().default('low'),
    insuranceRequired: boolean('insurance_required').notNull().default(false),
    budgetYuan: numeric('budget_yuan', { precision: 14, scale: 2, mode: 'number' }),
    fundingSource: text('funding_source'),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('draft'),
    /**
     * regular: recruits volunteers who apply; demand_service: holds the shifts that service requests
     * become, filled only by the request's own assignment — never listed or open to applications.
     */
    kind: text('kind', { enum: ['regular', 'demand_service'] })
      .notNull()
      .default('regular'),
    /** The last rejection's reason, until the project is submitted again. */
    statusReason: text('status_reason'),
    /** Working-time limits of this project (a large event) where they differ from the city's. */
    workloadLimits: jsonb('workload_limits').$type<Partial<WorkloadLimits>>(),
    /** The organizer's summary at evaluation (评估). */
    evaluationSummary: text('evaluation_summary'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('projects_org_idx').on(t.organizationId, t.createdAt),
    index('projects_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`),
    index('projects_status_idx').on(t.status, t.createdAt),
    check('projects_budget_ck', sql`${t.budgetYuan} is null or ${t.budgetYuan} >= 0`),
  ],
);

/** Every step of a project's life, for its timeline; never updated. */
export const projectEvents = pgTable(
  'project_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    action: text('action').notNull(),
    fromStatus: text('from_status', { enum: PROJECT_STATUSES }),
    toStatus: text('to_status', { enum: PROJECT_STATUSES }).notNull(),
    /** A rejection's reason or an evaluation's summary. */
    note: text('note'),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('project_events_project_idx').on(t.projectId, t.at)],
);

/** Ratings at evaluation (评估): volunteers who served and beneficiaries, 1–5, one each per project. */
export const projectRatings = pgTable(
  'project_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    raterKind: text('rater_kind', { enum: ['volunteer', 'beneficiary'] }).notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    score: smallint('score').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('project_ratings_once_uq').on(t.projectId, t.accountId),
    check('project_ratings_score_ck', sql`${t.score} between 1 and 5`),
  ],
);
