import type { VolunetModule } from '../platform/module.ts';
import { activitiesModule } from './activities/activities.module.ts';
import { areasModule } from './areas/areas.module.ts';
import { attendanceModule } from './attendance/attendance.module.ts';
import { auditModule } from './audit/audit.module.ts';
import { authModule } from './auth/auth.module.ts';
import { beneficiariesModule } from './beneficiaries/beneficiaries.module.ts';
import { benefitsModule } from './benefits/benefits.module.ts';
import { calendarModule } from './calendar/calendar.module.ts';
import { emergencyModule } from './emergency/emergency.module.ts';
import { enrollmentModule } from './enrollment/enrollment.module.ts';
import { healthModule } from './health/health.module.ts';
import { honoursModule } from './honours/honours.module.ts';
import { hotlineModule } from './hotline/hotline.module.ts';
import { importModule } from './import/import.module.ts';
import { kpiModule } from './kpi/kpi.module.ts';
import { matchingModule } from './matching/matching.module.ts';
import { noticesModule } from './notices/notices.module.ts';
import { organizationsModule } from './organizations/organizations.module.ts';
import { pointsModule } from './points/points.module.ts';
import { projectsModule } from './projects/projects.module.ts';
import { recordsModule } from './records/records.module.ts';
import { requestSettingsModule } from './request-settings/request-settings.module.ts';
import { requestsModule } from './requests/requests.module.ts';
import { serviceGuardModule } from './service-guard/service-guard.module.ts';
import { settingsModule } from './settings/settings.module.ts';
import { skillsModule } from './skills/skills.module.ts';
import { stationsModule } from './stations/stations.module.ts';
import { timeBankModule } from './time-bank/time-bank.module.ts';
import { trainingModule } from './training/training.module.ts';
import { volunteersModule } from './volunteers/volunteers.module.ts';

/** Every capability a server runs, in the order their routes are registered. */
export const MODULES: readonly VolunetModule[] = [
  healthModule,
  authModule,
  areasModule,
  auditModule,
  skillsModule,
  volunteersModule,
  organizationsModule,
  stationsModule,
  importModule,
  projectsModule,
  activitiesModule,
  enrollmentModule,
  trainingModule,
  calendarModule,
  noticesModule,
  settingsModule,
  recordsModule,
  pointsModule,
  timeBankModule,
  benefitsModule,
  attendanceModule,
  kpiModule,
  requestsModule,
  beneficiariesModule,
  hotlineModule,
  matchingModule,
  emergencyModule,
  requestSettingsModule,
  serviceGuardModule,
  honoursModule,
];
