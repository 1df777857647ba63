import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { demandKpis } from '../../domain/kpi/demand.ts';
import { addMonths, currentMonth, firstDay, kpiWindow } from '../../domain/kpi/window.ts';
import { chinaDayStart } from '../../domain/requests/report-period.ts';
import { readableArea } from './kpi.service.ts';
import { demandInputsOf } from './kpi-demand.queries.ts';

/**
 * The demand KPIs of an area for the same 12-month window as its other KPIs (months in China time),
 * straight from the requests: exact, no rollup (an area's requests are few beside its ledger).
 */
export async function areaDemandKpis(db: Db, actor: Actor, code: string, until = currentMonth()) {
  const area = await readableArea(db, actor, code);
  const window = kpiWindow(until);
  const start = chinaDayStart(firstDay(window.from));
  const end = chinaDayStart(firstDay(addMonths(window.until, 1)));
  const inputs = await demandInputsOf(db, `${code}%`, start, end);
  return { area, window, inputs, kpis: demandKpis(inputs) };
}
