/**
 * The shared contract: what the web app may take from the server's code. The API's request and
 * response types (generated from the OpenAPI document), the value lists behind its fields, and the
 * few pure rules both sides apply (an ID document checked as it is typed, China time). Everything
 * here is free of I/O; the dependency rules (.dependency-cruiser.cjs) let web/ import nothing else
 * of src/ but the words in src/platform/i18n/ui.
 */
export { chinaDate, chinaInstant, chinaTime, chinaWeekday, occurrences } from '../domain/activities/schedule.ts';
export { CHECKIN_METHODS } from '../domain/attendance/methods.ts';
export { ageOn, DOCUMENT_TYPES, validateDocument } from '../domain/identity/index.ts';
export { IMPORT_FIELDS, type ImportField } from '../domain/import/presets.ts';
export { JOIN_MODES, type ReviewDecision } from '../domain/organizations/workflow.ts';
export {
  PROJECT_STATUSES,
  PROJECT_STEPS,
  type ProjectAction,
  type ProjectStatus,
  RISK_LEVELS,
  type RiskLevel,
} from '../domain/projects/lifecycle.ts';
export {
  EDUCATION_LEVELS,
  LANGUAGE_LEVELS,
  type LanguageLevel,
  POLITICAL_STATUSES,
  SCHOOL_TYPES,
  SEXES,
  WEEKEND_MASK,
} from '../domain/volunteers/registration.ts';
export { maskName } from '../platform/masking.ts';
export type { components, paths } from './api.d.ts';
