import ExcelJS from 'exceljs';
import { type Locale, type MessageKey, translate } from '../../platform/i18n/messages.ts';
import type { serviceGuardReport } from './service-guard.service.ts';

type Report = Awaited<ReturnType<typeof serviceGuardReport>>;

/** China time, as the page shows it. */
const chinaTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The over-service report as one workbook: a sheet per table of the page, headed in the reader's language. */
export async function serviceGuardWorkbook(report: Report, locale: Locale): Promise<Buffer> {
  const tr = (key: MessageKey) => translate(locale, key);
  const workbook = new ExcelJS.Workbook();
  const sheet = (key: MessageKey, rows: (string | number)[][]) => {
    const [name, ...headers] = tr(key).split('|');
    const s = workbook.addWorksheet(name);
    s.columns = headers.map((header) => ({ header, width: 16 }));
    s.getRow(1).font = { bold: true };
    for (const r of rows) s.addRow(r);
  };
  sheet(
    'serviceGuard.xlsx.many',
    report.manyServices.map((r) => [
      r.name,
      r.areaName,
      locale === 'en-US' ? r.categoryNameEn : r.categoryNameZh,
      r.services,
      r.maxPerDay,
      r.maxPerWeek,
      tr(r.exceeded ? 'serviceGuard.xlsx.yes' : 'serviceGuard.xlsx.no'),
      r.lastOn,
    ]),
  );
  sheet(
    'serviceGuard.xlsx.notServed',
    report.notServed.map((r) => [r.name, r.areaName, r.registeredOn, r.lastServedOn ?? tr('serviceGuard.xlsx.never'), r.openRequests]),
  );
  sheet(
    'serviceGuard.xlsx.events',
    report.guardEvents.map((e) => [
      chinaTime(e.at),
      tr(`serviceGuard.xlsx.${e.kind}`),
      e.name,
      e.requestNo,
      e.actorName ?? '',
      typeof e.params.reason === 'string' ? e.params.reason : '',
    ]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
