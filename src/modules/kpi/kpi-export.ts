import { createRequire } from 'node:module';
import path from 'node:path';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Executor } from '../../db/client.ts';
import type { KpiDefinition, KpiEvaluation } from '../../domain/kpi/catalogue.ts';
import { isWithinWalk } from '../../domain/kpi/coverage.ts';
import { type Locale, type MessageKey, translate } from '../../platform/i18n/messages.ts';
import type { KpiArea } from './kpi.queries.ts';
import { walkCoverageOf, walkSettingsOf } from './kpi.registry.ts';
import { communityNamesWithin, locatedOpenStations } from './kpi-registry.queries.ts';

/**
 * What the KPI page draws and hands out besides the figures: the map of stations and communities'
 * 20-minute coverage, each table as XLSX, and the annual report as a PDF in Chinese (the same
 * embedded Noto Sans SC as the certificates, so pdftotext reads it back exactly).
 */

/** Open stations and communities within an area with their coordinates, and which communities a station is within walking time of. */
export async function kpiMap(db: Executor, code: string) {
  const { communities, covered } = await walkCoverageOf(db, code);
  const settings = await walkSettingsOf(db);
  const names = await communityNamesWithin(db, code);
  const nameOf = new Map(names.map((n) => [n.code, n]));
  // Stations of the area, and those beyond its lines that serve its communities: coverage crosses district lines.
  const all = (await locatedOpenStations(db)).map((s) => ({ ...s, lat: Number(s.lat), lng: Number(s.lng) }));
  const located = communities.filter((c) => c.lat !== null && c.lng !== null).map((c) => ({ lat: Number(c.lat), lng: Number(c.lng) }));
  const stations = all.filter((s) => s.area_code.startsWith(code) || located.some((c) => isWithinWalk(c, s, settings)));
  return {
    // A straight line this long is walked in the 20 minutes once the detour is added.
    radiusKm: (settings.walkingSpeedKmh * settings.maxMinutes) / 60 / settings.detourFactor,
    stations: stations.map((s) => ({ id: s.id, name: s.name, lat: s.lat, lng: s.lng, inArea: s.area_code.startsWith(code) })),
    communities: communities
      .map((c) => ({
        code: c.code,
        name: nameOf.get(c.code)?.name ?? c.code,
        nameEn: nameOf.get(c.code)?.name_en ?? null,
        lat: c.lat === null ? null : Number(c.lat),
        lng: c.lng === null ? null : Number(c.lng),
        population: Number(c.population),
        covered: covered.has(c.code),
      }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

export const areaLabel = (area: Pick<KpiArea, 'name' | 'nameEn'>, locale: Locale) =>
  locale === 'en-US' && area.nameEn ? area.nameEn : area.name;

type Unit = KpiDefinition['unit'];
type Figure = Pick<KpiEvaluation, 'value' | 'status'> & { unit: Unit; target: { value: number; comparator: string } | null };

/** A value as the page shows it: shares in per cent (two decimals under 1 %), hours and floor area with one decimal. */
export function formatValue(value: number | null, unit: Unit, locale: Locale): string {
  if (value === null) return '—';
  if (unit === 'share') return `${(value * 100).toFixed(value !== 0 && Math.abs(value) < 0.01 ? 2 : 1)}%`;
  return `${value.toFixed(1)} ${translate(locale, `kpi.unit.${unit}`)}`;
}

export const formatTarget = (f: Figure, locale: Locale) =>
  f.target ? `${f.target.comparator === 'above' ? '>' : '≥'} ${formatValue(f.target.value, f.unit, locale)}` : '—';

const HEADERS: Record<'kpis' | 'ranking' | 'trend', Record<Locale, string[]>> = {
  kpis: {
    'zh-CN': ['指标', '数值', '目标', '状态', '分子', '分母'],
    'en-US': ['KPI', 'Value', 'Target', 'Status', 'Numerator', 'Denominator'],
  },
  ranking: {
    'zh-CN': ['排名', '区域代码', '区域', '数值', '状态', '分子', '分母'],
    'en-US': ['Rank', 'Area code', 'Area', 'Value', 'Status', 'Numerator', 'Denominator'],
  },
  trend: {
    'zh-CN': ['月份', '确认服务时长（小时）', '活跃志愿者', '新注册志愿者'],
    'en-US': ['Month', 'Confirmed hours', 'Active volunteers', 'New registrations'],
  },
};

/** One table of the page as a workbook with one sheet, headed in the user's language. */
export async function tableWorkbook(table: keyof typeof HEADERS, title: string, rows: (string | number)[][], locale: Locale) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  sheet.columns = HEADERS[table][locale].map((header, i) => ({ header, width: i === 0 && table === 'kpis' ? 44 : 18 }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// The package exports only its index; the fonts sit beside it (dist/ → ../fonts/).
const fonts = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');

export interface ReportInput {
  area: KpiArea;
  year: string;
  kpis: (Figure & { name: string })[];
  rankingName: string;
  ranking: { area: KpiArea; value: number | null; status: KpiEvaluation['status']; unit: Unit }[];
  generatedOn: string;
  locale: Locale;
}

/** The annual report of an area: every KPI against its target, then its sub-areas ranked; in the reader's language. */
export async function annualReportPdf(r: ReportInput): Promise<Buffer> {
  const zh = r.locale;
  const say = (key: MessageKey, params?: Record<string, string | number>) => translate(zh, key, params);
  const title = say('kpi.report.title', { area: areaLabel(r.area, zh), year: r.year });
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: title, Author: '志愿一张网 Volunet' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('body', path.join(fonts, 'NotoSansHans-Regular.otf'));
  doc.registerFont('bold', path.join(fonts, 'NotoSansHans-Bold.otf'));

  doc.font('bold').fontSize(18).text(title, { align: 'center' });
  doc.moveDown(0.3).font('body').fontSize(10).fillColor('#666');
  doc.text(say('kpi.report.period', { year: r.year, code: r.area.code, date: r.generatedOn }), { align: 'center' });
  doc.fillColor('#000').moveDown(1);

  const row = (cells: string[], widths: number[], font: 'body' | 'bold', color = '#000') => {
    const y = doc.y;
    let x = doc.page.margins.left;
    const heights = cells.map((c, i) =>
      doc
        .font(font)
        .fontSize(10)
        .heightOfString(c, { width: widths[i] - 6 }),
    );
    const h = Math.max(...heights) + 6;
    if (y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    cells.forEach((c, i) => {
      doc
        .font(font)
        .fontSize(10)
        .fillColor(i === cells.length - 1 ? color : '#000')
        .text(c, x + 3, top + 3, { width: widths[i] - 6 });
      x += widths[i];
    });
    doc
      .moveTo(doc.page.margins.left, top + h)
      .lineTo(x, top + h)
      .strokeColor('#ccc')
      .lineWidth(0.5)
      .stroke();
    doc.x = doc.page.margins.left;
    doc.y = top + h;
  };
  const statusColor = (s: string) => (s === 'met' ? '#237804' : s === 'notMet' ? '#c8102e' : '#666');

  doc.font('bold').fontSize(13).text(say('kpi.report.kpis'));
  doc.moveDown(0.4);
  const kw = [215, 90, 110, 84];
  row(say('kpi.report.kpiColumns').split('|'), kw, 'bold');
  for (const k of r.kpis)
    row(
      [k.name, formatValue(k.value, k.unit, zh), formatTarget(k, zh), translate(zh, `kpi.status.${k.status}`)],
      kw,
      'body',
      statusColor(k.status),
    );

  doc
    .moveDown(1)
    .font('bold')
    .fontSize(13)
    .text(say('kpi.report.ranking', { kpi: r.rankingName }));
  doc.moveDown(0.4);
  const rw = [50, 110, 175, 80, 84];
  if (r.ranking.length === 0) doc.font('body').fontSize(10).text(say('kpi.report.noChildren'));
  else {
    row(say('kpi.report.rankingColumns').split('|'), rw, 'bold');
    r.ranking.forEach((c, i) => {
      row(
        [String(i + 1), c.area.code, areaLabel(c.area, zh), formatValue(c.value, c.unit, zh), translate(zh, `kpi.status.${c.status}`)],
        rw,
        'body',
        statusColor(c.status),
      );
    });
  }
  doc.moveDown(1).font('body').fontSize(9).fillColor('#666');
  doc.text(say('kpi.report.footnote'));
  doc.end();
  return done;
}
