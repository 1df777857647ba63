import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { evaluateKpi, type KpiCode, type KpiEvaluation, kpiDefinition, rankByKpi } from '../../domain/kpi/catalogue.ts';
import type { WalkSettings } from '../../domain/kpi/coverage.ts';
import { evaluateKpis, type KpiInputs, kpiFigures } from '../../domain/kpi/figures.ts';
import { addMonths, currentMonth, type KpiWindow, kpiWindow } from '../../domain/kpi/window.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { notFound } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import { saveSetting } from '../../platform/settings.ts';
import { directInputsOf } from './kpi.direct.ts';
import * as q from './kpi.queries.ts';
import { WALK_SETTING, walkSettingsOf } from './kpi.registry.ts';

type Ctx = AuditContext & { actor: Actor };

export interface AreaKpis {
  area: q.KpiArea;
  window: KpiWindow;
  inputs: KpiInputs;
  kpis: KpiEvaluation[];
}

/**
 * Every KPI of an area for the 12 months ending with `until` ('YYYY-MM', default this month),
 * answered from the rollups: as fresh as the last refresh (every ~10 s where jobs run).
 */
export async function kpisOf(db: Executor, areaCode: string, until = currentMonth()): Promise<AreaKpis | undefined> {
  const window = kpiWindow(until);
  const [row] = await q.rollupInputsOf(db, [areaCode], window);
  return row && { ...row, window, kpis: evaluateKpis(row.area.level, row.inputs) };
}

/** The same figures straight from the raw tables (tests, the benchmark's yardstick); must equal kpisOf after a refresh. */
export async function kpisDirect(db: Executor, areaCode: string, until = currentMonth()): Promise<AreaKpis | undefined> {
  const window = kpiWindow(until);
  const area = await q.findArea(db, areaCode);
  const inputs = area && (await directInputsOf(db, areaCode, window));
  return area && inputs && { area, window, inputs, kpis: evaluateKpis(area.level, inputs) };
}

/** The areas one level down with their value of one KPI, best first (areas without data last). */
export async function rankChildren(db: Executor, areaCode: string, code: KpiCode, until = currentMonth()) {
  const window = kpiWindow(until);
  const definition = kpiDefinition(code);
  const children = await q.rollupInputsOf(db, await q.childCodesOf(db, areaCode), window);
  const rows = children
    .filter((c) => definition.levels.includes(c.area.level))
    .map((c) => ({ area: c.area, areaCode: c.area.code, ...evaluateKpi(definition, kpiFigures(c.inputs)[code]) }));
  return { window, definition, children: rankByKpi(definition, rows) };
}

/** Month by month for the `months` months ending with `until`: confirmed hours, active volunteers, new registrations. */
export async function kpiTrend(db: Executor, areaCode: string, months: number, until = currentMonth()) {
  return q.monthlySeries(db, areaCode, addMonths(until, -(months - 1)), until);
}

// ——— the API's side: the same answers for an actor, scoped by the policy table ———

/** The area, if the actor may see its KPIs (their own area and below); 404 otherwise, like a missing one. */
export async function readableArea(db: Db, actor: Actor, code: string) {
  const area = await q.findArea(db, code);
  if (!area) throw notFound('entity.area');
  authorize(actor, 'kpi.read', { areaCode: code }, 'entity.area');
  return area;
}

export async function areaKpis(db: Db, actor: Actor, code: string, until?: string) {
  await readableArea(db, actor, code);
  const [result, state] = await Promise.all([kpisOf(db, code, until), q.rollupState(db)]);
  return { ...(result as AreaKpis), asOf: state };
}

export async function childRanking(db: Db, actor: Actor, code: string, kpi: KpiCode, until?: string) {
  await readableArea(db, actor, code);
  return rankChildren(db, code, kpi, until);
}

export async function areaTrend(db: Db, actor: Actor, code: string, months: number, until?: string) {
  await readableArea(db, actor, code);
  return kpiTrend(db, code, months, until);
}

/** The all-platform figures entered for an area, the one in force first. */
export async function registeredTotals(db: Db, actor: Actor, code: string) {
  await readableArea(db, actor, code);
  return q.registeredTotalsOf(db, code);
}

/** An office enters the figure for all registered volunteers of its area on every platform (unifiedPlatformShare). */
export async function enterRegisteredTotal(db: Db, ctx: Ctx, code: string, input: { total: number; reportedOn: string; note: string }) {
  await readableArea(db, ctx.actor, code);
  authorize(ctx.actor, 'kpi.enterTotals', { areaCode: code }, 'entity.area');
  await db.transaction(async (tx) => {
    await q.insertRegisteredTotal(tx, { areaCode: code, ...input, enteredBy: ctx.actor.accountId });
    await recordAudit(tx, ctx, { action: 'kpi.registeredTotal', entityType: 'area', entityId: code, areaCode: code, summary: input });
  });
}

/** The city's walking speed and detour factor; the 20 minutes are the target's own and stay. */
export async function updateWalkSettings(db: Db, ctx: Ctx, settings: Pick<WalkSettings, 'walkingSpeedKmh' | 'detourFactor'>) {
  authorize(ctx.actor, 'settings.manage', {}, 'entity.route');
  await db.transaction(async (tx) => {
    await saveSetting(tx, WALK_SETTING, settings, ctx.actor.accountId);
    await recordAudit(tx, ctx, { action: 'settings.kpiWalk', entityType: 'settings', entityId: WALK_SETTING, summary: { ...settings } });
  });
  return walkSettingsOf(db);
}
