import ExcelJS from 'exceljs';
import { type Locale, translate } from '../../platform/i18n/messages.ts';
import type { rosterOf } from './enrollment.service.ts';

const HEADERS: Record<Locale, string[]> = {
  'zh-CN': ['岗位', '志愿者编号', '姓名', '年龄', '手机号', '状态', '候补序号', '报名时间', '原因'],
  'en-US': ['Position', 'Volunteer number', 'Name', 'Age', 'Mobile', 'Status', 'Waitlist no.', 'Applied at', 'Reason'],
};

/** China time, as the organizer reads it. */
const chinaTime = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The roster as the organizer downloads it: contacts masked as on screen. */
export async function rosterWorkbook(rows: Awaited<ReturnType<typeof rosterOf>>, locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(locale === 'zh-CN' ? '名单' : 'Roster');
  sheet.columns = HEADERS[locale].map((header, i) => ({ header, width: [16, 18, 12, 6, 14, 12, 10, 18, 30][i] }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow([
      r.positionName,
      r.volunteerNo,
      r.name,
      r.age ?? '',
      r.phoneMasked ?? '',
      translate(locale, `enrollment.status.${r.status}`),
      r.waitlistNo ?? '',
      chinaTime(r.appliedAt),
      r.reason ?? '',
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
