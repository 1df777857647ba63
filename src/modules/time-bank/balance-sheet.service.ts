import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { fieldError } from '../../platform/errors.ts';
import { authorize, grantsReaching } from '../../platform/policy.ts';
import { timeBankRuleOf } from '../points/index.ts';
import * as q from './balance-sheet.queries.ts';

/** The next level's code length: city (4) → district (6) → street (9) → community (12). */
const CHILD_LENGTH: Record<number, number> = { 4: 6, 6: 9, 9: 12, 12: 12 };
const FIGURES = [
  'deposited',
  'transferred_in',
  'transferred_out',
  'donated',
  'granted',
  'spent',
  'in_pools',
  'outstanding',
  'hours',
] as const;
type Figure = (typeof FIGURES)[number];

/** The figures in the API's names (camelCase). */
function present(f: (k: Figure) => string) {
  return {
    deposited: f('deposited'),
    transferredIn: f('transferred_in'),
    transferredOut: f('transferred_out'),
    donated: f('donated'),
    granted: f('granted'),
    spent: f('spent'),
    inPools: f('in_pools'),
    outstanding: f('outstanding'),
    hours: f('hours'),
  };
}

/**
 * The time bank's balance sheet for an area (the actor's own by default): one row per area a level
 * below, and the total. Offices of the area and auditors; outstanding credits against eligible hours
 * served is the bank's solvency (issue 19: "credits outstanding against hours served").
 */
export async function balanceSheetOf(db: Db, actor: Actor, query: { areaCode?: string }) {
  const areaCode = query.areaCode ?? grantsReaching(actor, 'timeBank.balanceSheet')[0]?.grant.areaCode ?? '';
  const childLength = CHILD_LENGTH[areaCode.length];
  if (!childLength) throw fieldError('areaCode', 'level', 'timeBank.sheet.areaLevel');
  authorize(actor, 'timeBank.balanceSheet', { areaCode }, 'entity.area');
  const rule = await timeBankRuleOf(db);
  const rows = await q.balanceSheet(db, areaCode, childLength, rule.eligibleCategories);
  const names = await q.areaNames(db, [areaCode, ...rows.map((r) => r.code)]);
  // Exact: summed in hundredths.
  const total = (f: Figure) => (rows.reduce((sum, r) => sum + Math.round(Number(r[f]) * 100), 0) / 100).toFixed(2);
  return {
    areaCode,
    areaName: names.get(areaCode) ?? areaCode,
    creditsPerHour: rule.creditsPerHour.toFixed(2),
    total: present(total),
    rows: rows.map((r) => ({ areaCode: r.code, areaName: names.get(r.code) ?? r.code, ...present((f) => r[f]) })),
  };
}
