import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Executor } from '../../db/client.ts';
import type { Conflict } from '../../domain/import/merge-rule.ts';
import type { Issue } from '../../domain/volunteers/registration.ts';
import { type Locale, translate } from '../../platform/i18n/messages.ts';
import { enUS } from '../../platform/i18n/ui/en-US.ts';
import { zhCN } from '../../platform/i18n/ui/zh-CN.ts';
import type { ImportJobRow } from './import.queries.ts';
import * as q from './import.queries.ts';

const TEXT = {
  'zh-CN': {
    summary: '汇总',
    problems: '需关注的行',
    all: '全部行',
    file: '文件',
    source: '来源平台',
    status: '状态',
    rows: '数据行',
    row: '行号',
    externalId: '平台编号',
    outcome: '结果',
    volunteerNo: '志愿者编号',
    name: '姓名',
    reasons: '原因 / 冲突 / 提示',
    kept: '保留',
    offered: '文件中为',
    outcomes: { created: '新建', merged: '合并', unchanged: '无变化', rejected: '拒绝', candidate: '新建（疑似重复待核）' },
  },
  'en-US': {
    summary: 'Summary',
    problems: 'Rows to look at',
    all: 'All rows',
    file: 'File',
    source: 'Source platform',
    status: 'Status',
    rows: 'Data rows',
    row: 'Row',
    externalId: 'Platform id',
    outcome: 'Outcome',
    volunteerNo: 'Volunteer number',
    name: 'Name',
    reasons: 'Reasons / conflicts / notes',
    kept: 'kept',
    offered: 'file has',
    outcomes: {
      created: 'created',
      merged: 'merged',
      unchanged: 'unchanged',
      rejected: 'rejected',
      candidate: 'created (possible duplicate)',
    },
  },
} as const;

type Detail = { issues?: Issue[]; conflicts?: Conflict[]; warnings?: Issue[] } | null;

/** The web app's texts: the report names fields and coded values exactly as the pages do. */
const LABELS = { 'zh-CN': zhCN, 'en-US': enUS } as const;

/** A field as people know it (the report never shows code names); `languages.en` → languages. */
export function fieldLabel(locale: Locale, field: string): string {
  const fields = LABELS[locale].imports.fields as Record<string, unknown>;
  const path = field.replace(/^languages\..*/, 'languages').split('.');
  const label = path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], fields);
  return typeof label === 'string' ? label : field;
}

/** The i18n groups of the coded values a conflict may show. */
const VALUE_GROUPS = {
  sex: 'sexes',
  politicalStatus: 'political',
  cadre: 'cadreValues',
  education: 'educations',
  schoolType: 'schoolTypes',
  languages: 'languageLevels',
} as const;

/** A conflicting value as people know it: the word for a code, the value itself otherwise. */
export function valueLabel(locale: Locale, field: string, value: string): string {
  const group = VALUE_GROUPS[field.replace(/^languages\..*/, 'languages') as keyof typeof VALUE_GROUPS];
  return (group && (LABELS[locale].vol[group] as Record<string, string>)[value]) || value;
}

/** The reasons of a row in the reader's language: issues, then conflicts (kept vs offered), then notes. */
export function describeDetail(locale: Locale, detail: Detail): string {
  if (!detail) return '';
  const t = TEXT[locale];
  const issue = (i: Issue) => `${fieldLabel(locale, i.field)}: ${translate(locale, i.messageKey, i.params)}`;
  return [
    ...(detail.issues ?? []).map(issue),
    ...(detail.conflicts ?? []).map(
      (c) =>
        `${fieldLabel(locale, c.field)}: ${t.kept} “${valueLabel(locale, c.field, c.kept)}”, ${t.offered} “${valueLabel(locale, c.field, c.offered)}”`,
    ),
    ...(detail.warnings ?? []).map(issue),
  ].join('; ');
}

const PAGE = 5_000;

/**
 * The import report as XLSX, written as a stream: a summary, the rows that need a look
 * (rejected, conflicting, possible duplicates, notes) and every row with its outcome. Names
 * and volunteer numbers only: the office has the file; ID and phone numbers are not repeated.
 */
export function writeReport(db: Executor, job: ImportJobRow, locale: Locale): Readable {
  const out = new PassThrough();
  const t = TEXT[locale];
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  (async () => {
    const summary = workbook.addWorksheet(t.summary);
    summary.columns = [{ width: 24 }, { width: 48 }];
    const lines: [string, string | number][] = [
      [t.file, job.fileName],
      [t.source, job.source],
      [t.status, job.status],
      [t.rows, job.rowsTotal ?? job.rowsDone],
      [t.outcomes.created, job.created],
      [t.outcomes.merged, job.merged],
      [t.outcomes.unchanged, job.unchanged],
      [t.outcomes.rejected, job.rejected],
      [t.outcomes.candidate, job.candidates],
    ];
    for (const line of lines) summary.addRow(line).commit();
    summary.commit();

    const columns = [
      { header: t.row, width: 8 },
      { header: t.externalId, width: 22 },
      { header: t.outcome, width: 22 },
      { header: t.volunteerNo, width: 18 },
      { header: t.name, width: 14 },
      { header: t.reasons, width: 90 },
    ];
    const problems = workbook.addWorksheet(t.problems);
    problems.columns = columns;
    const all = workbook.addWorksheet(t.all);
    all.columns = columns;
    for (let after = 0; ; ) {
      const rows = await q.outcomesPage(db, job.id, after, PAGE);
      if (rows.length === 0) break;
      for (const r of rows) {
        const reasons = describeDetail(locale, r.detail as Detail);
        const cells = [r.rowNo, r.externalId, t.outcomes[r.outcome], r.volunteerNo ?? '', r.name ?? '', reasons];
        all.addRow(cells).commit();
        if (reasons || r.outcome === 'rejected' || r.outcome === 'candidate') problems.addRow(cells).commit();
      }
      after = rows[rows.length - 1].rowNo;
    }
    problems.commit();
    all.commit();
    await workbook.commit();
  })().catch((err: Error) => out.destroy(err));
  return out;
}
