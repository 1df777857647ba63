import ExcelJS from 'exceljs';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { chinaMonth } from '../../domain/benefits/codes.ts';
import { notFound } from '../../platform/errors.ts';
import { type Locale, type MessageKey, translate } from '../../platform/i18n/messages.ts';
import { authorize } from '../../platform/policy.ts';
import * as q from './benefits.queries.ts';
import { myPartner } from './benefits.service.ts';

/** A partner's monthly statement (月度对账), read by the partner's own accounts. */
export async function monthlyStatement(db: Db, actor: Actor, month: string) {
  return statementOf(db, await myPartner(db, actor, 'benefit.manageOffers'), month);
}

/** A partner's monthly statement read by the office of its area (another area's partner answers 404). */
export async function partnerStatement(db: Db, actor: Actor, partnerId: string, month: string) {
  const partner = await q.partnerById(db, partnerId);
  if (!partner) throw notFound('entity.benefitPartner');
  authorize(actor, 'benefit.partnerStatement', { areaCode: partner.areaCode }, 'entity.benefitPartner');
  return statementOf(db, partner, month);
}

/** Per offer, codes issued / used / expired / cancelled in a China month, and their points. */
async function statementOf(db: Db, partner: { id: string; name: string }, month: string) {
  const { from, until } = chinaMonth(month);
  const rows = (await q.statementOf(db, partner.id, from, until)).map((r) => ({
    ...r,
    pointsNet: (Number(r.pointsIssued) - Number(r.pointsRefunded)).toFixed(2),
  }));
  const sum = (k: 'issued' | 'used' | 'expired' | 'cancelled') => rows.reduce((n, r) => n + r[k], 0);
  const points = (k: 'pointsIssued' | 'pointsRefunded' | 'pointsNet') => rows.reduce((n, r) => n + Number(r[k]), 0).toFixed(2);
  return {
    partner: { id: partner.id, name: partner.name },
    month,
    rows,
    totals: {
      issued: sum('issued'),
      used: sum('used'),
      expired: sum('expired'),
      cancelled: sum('cancelled'),
      pointsIssued: points('pointsIssued'),
      pointsRefunded: points('pointsRefunded'),
      pointsNet: points('pointsNet'),
    },
  };
}

/** The statement as one sheet, headed in the reader's language. */
export async function statementWorkbook(s: Awaited<ReturnType<typeof statementOf>>, locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const [name, ...headers] = translate(locale, 'benefit.xlsx.statement').split('|');
  const sheet = workbook.addWorksheet(`${name} ${s.month}`);
  sheet.columns = headers.map((header, i) => ({ header, width: i === 0 ? 28 : 12 }));
  sheet.getRow(1).font = { bold: true };
  for (const r of s.rows)
    sheet.addRow([
      r.title,
      translate(locale, `benefit.kind.${r.kind}` as MessageKey),
      Number(r.price),
      r.issued,
      r.used,
      r.expired,
      r.cancelled,
      Number(r.pointsIssued),
      Number(r.pointsRefunded),
      Number(r.pointsNet),
    ]);
  const t = s.totals;
  const total = sheet.addRow([
    s.partner.name,
    '',
    '',
    t.issued,
    t.used,
    t.expired,
    t.cancelled,
    Number(t.pointsIssued),
    Number(t.pointsRefunded),
    Number(t.pointsNet),
  ]);
  total.font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
