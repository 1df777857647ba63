import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_LIMITS } from '../../domain/enrollment/eligibility.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { recordAudit } from '../../platform/audit.ts';
import { authorize } from '../../platform/policy.ts';
import { saveSetting } from '../../platform/settings.ts';
import { limitsFor } from '../activities/index.ts';
import { WORK_CALENDAR_SETTING, workCalendar } from '../records/index.ts';

const hours = (max: number) => z.number().min(0.5).max(max);

const WorkloadFields = {
  dailyHours: hours(24).describe('Most hours one person may serve in a China day'),
  restHours: hours(24).describe('Least rest between shifts on different days'),
  weeklyHours: hours(168),
  minorDailyHours: hours(24),
  minorRestHours: hours(24),
  minorWeeklyHours: hours(168),
  overlapGraceMinutes: z.number().int().min(0).max(120).describe('Two shifts may overlap this much (a handover)'),
};
// What is read and what is written: the same limits, with minors' never looser than adults'.
const WorkloadSchema = z
  .strictObject(WorkloadFields)
  .refine((v) => v.minorDailyHours <= v.dailyHours, { path: ['minorDailyHours'], params: { i18n: 'settings.minorsStricter' } })
  .refine((v) => v.minorWeeklyHours <= v.weeklyHours, { path: ['minorWeeklyHours'], params: { i18n: 'settings.minorsStricter' } })
  .refine((v) => v.minorRestHours >= v.restHours, { path: ['minorRestHours'], params: { i18n: 'settings.minorsStricter' } })
  .meta({ id: 'WorkloadLimits' });
const WorkloadSettingsSchema = z.object({ ...WorkloadFields, defaults: WorkloadSchema }).meta({ id: 'WorkloadSettings' });

const Day = z.iso.date().describe('YYYY-MM-DD');
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
const WorkCalendarSchema = z
  .strictObject({
    holidays: z.array(Day).max(366).describe('Public holidays that fall on weekdays: no working day'),
    workdays: z.array(Day).max(366).describe('Weekend days made working days in exchange (调休)'),
  })
  .refine((v) => v.holidays.every((d) => !v.workdays.includes(d)), {
    path: ['workdays'],
    params: { i18n: 'settings.calendarBoth' },
  })
  .refine((v) => v.workdays.every((d) => weekday(d) === 0 || weekday(d) === 6), {
    path: ['workdays'],
    params: { i18n: 'settings.workdayOnWeekend' },
  })
  .meta({ id: 'WorkCalendar' });

/** Settings the city configures; each change is audited. */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/workload',
    {
      config: { action: 'settings.read' },
      schema: {
        summary: 'Working-time limits for accepting volunteers (the city’s, over the defaults)',
        tags: ['settings'],
        response: { 200: WorkloadSettingsSchema, ...errors(401) },
      },
    },
    async (request) => {
      authorize(requireActor(request), 'settings.read', {}, 'entity.route');
      return { ...(await limitsFor(app.db, null)), defaults: DEFAULT_LIMITS };
    },
  );

  app.put(
    '/workload',
    {
      config: { action: 'settings.manage' },
      schema: {
        summary: 'Set the city’s working-time limits (city admin)',
        tags: ['settings'],
        body: WorkloadSchema,
        response: { 200: WorkloadSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'settings.manage', {}, 'entity.route');
      await app.db.transaction(async (tx) => {
        await saveSetting(tx, 'workload', request.body, actor.accountId);
        await recordAudit(
          tx,
          { actor, requestId: request.id },
          { action: 'settings.workload', entityType: 'settings', entityId: 'workload', summary: request.body },
        );
      });
      return limitsFor(app.db, null);
    },
  );

  app.get(
    '/work-calendar',
    {
      config: { action: 'settings.read' },
      schema: {
        summary: 'The city’s public holidays and make-up working days, for the Art 11 record deadlines (10 working days)',
        tags: ['settings'],
        response: { 200: WorkCalendarSchema, ...errors(401) },
      },
    },
    async (request) => {
      authorize(requireActor(request), 'settings.read', {}, 'entity.route');
      return workCalendar(app.db);
    },
  );

  app.put(
    '/work-calendar',
    {
      config: { action: 'settings.manage' },
      schema: {
        summary: 'Set the city’s public holidays and make-up working days (city admin)',
        tags: ['settings'],
        body: WorkCalendarSchema,
        response: { 200: WorkCalendarSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'settings.manage', {}, 'entity.route');
      const value = { holidays: [...new Set(request.body.holidays)].sort(), workdays: [...new Set(request.body.workdays)].sort() };
      await app.db.transaction(async (tx) => {
        await saveSetting(tx, WORK_CALENDAR_SETTING, value, actor.accountId);
        await recordAudit(
          tx,
          { actor, requestId: request.id },
          { action: 'settings.workCalendar', entityType: 'settings', entityId: WORK_CALENDAR_SETTING, summary: value },
        );
      });
      return value;
    },
  );
};
