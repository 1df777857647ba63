/** Every table, for Drizzle and drizzle-kit; each part of the schema lives in its own file. */

export * from './schema-activities.ts';
export * from './schema-attendance.ts';
export * from './schema-base.ts';
export * from './schema-benefits.ts';
export * from './schema-honours.ts';
export * from './schema-import.ts';
export * from './schema-kpi.ts';
export * from './schema-points.ts';
export * from './schema-projects.ts';
export * from './schema-records.ts';
export * from './schema-registry.ts';
export * from './schema-requests.ts';
export * from './schema-time-bank.ts';
