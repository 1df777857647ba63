import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/client.ts';
import { normalizeAreaCode, parentCodeOf } from '../../domain/areas/area-code.ts';
import { type AreaInput, type AreaRow, REQUIRED_AREA_COLUMNS, type RowIssue, validateAreaRows } from '../../domain/areas/area-rows.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { authorize, may, mayAtAll } from '../../platform/policy.ts';
import { TtlCache } from '../../platform/ttl-cache.ts';
import * as q from './areas.queries.ts';

type Ctx = AuditContext & { actor: Actor };

type AreaDetail = NonNullable<Awaited<ReturnType<typeof q.findAreaWithAncestors>>>;

// Areas are reference data that every page reads and offices rarely change: a write through this
// server clears the cache at once (a rename shows in its children's paths too, so all of it);
// other servers see a change within the time to live.
const AREA_CACHE_TTL_MS = 30_000;
const areaCaches = new WeakMap<Db, TtlCache<string, AreaDetail>>();
function areaCache(db: Db) {
  let cache = areaCaches.get(db);
  if (!cache) {
    cache = new TtlCache(AREA_CACHE_TTL_MS, 20_000);
    areaCaches.set(db, cache);
  }
  return cache;
}

export async function getArea(db: Db, actor: Actor, code: string) {
  authorize(actor, 'area.read', { areaCode: code }, 'entity.area');
  const cached = areaCache(db).get(code);
  if (cached) return cached;
  const ancestorCodes: string[] = [];
  for (let c = parentCodeOf(code); c; c = parentCodeOf(c)) ancestorCodes.unshift(c);
  const area = await q.findAreaWithAncestors(db, code, ancestorCodes);
  if (!area) throw notFound('entity.area');
  areaCache(db).set(code, area);
  return area;
}

function rowError(issues: RowIssue[]): AppError {
  return new AppError('VALIDATION', 'error.validation', {}, issues);
}

/** The codes a list refers to: its own (normalized) and their parents. */
function referencedCodes(rows: AreaRow[]): string[] {
  const codes = rows.flatMap((r) => {
    const code = normalizeAreaCode(r.values.code ?? '');
    return code ? [code, parentCodeOf(code) ?? ''] : [];
  });
  return [...new Set(codes.filter(Boolean))];
}

export async function createArea(db: Db, ctx: Ctx, values: Record<string, string | undefined>) {
  // Scope first: outside it, every answer must look like "not found", whatever the input.
  authorize(ctx.actor, 'area.create', { areaCode: normalizeAreaCode(values.code ?? '') }, 'entity.area');
  const rows = [{ line: 1, values }];
  const known = await q.existingCodes(db, referencedCodes(rows));
  const { inputs, issues } = validateAreaRows(
    rows,
    (c) => known.has(c),
    () => true,
  );
  if (issues.length) {
    throw new AppError(
      'VALIDATION',
      'error.validation',
      {},
      issues.map(({ row: _row, ...rest }) => rest),
    );
  }
  const input = inputs[0];
  if (known.has(input.code)) throw new AppError('CONFLICT', 'area.exists', { code: input.code });
  await db.transaction(async (tx) => {
    await q.insertArea(tx, input);
    await recordAudit(tx, ctx, {
      action: 'area.create',
      entityType: 'area',
      entityId: input.code,
      areaCode: input.code,
      summary: { name: input.name, level: input.level },
    });
  });
  areaCache(db).clear();
  return getArea(db, ctx.actor, input.code);
}

export async function updateArea(
  db: Db,
  ctx: Ctx,
  code: string,
  patch: Partial<Pick<AreaInput, 'name' | 'nameEn' | 'population' | 'lat' | 'lng'>>,
) {
  authorize(ctx.actor, 'area.update', { areaCode: code }, 'entity.area');
  const before = await q.findArea(db, code);
  if (!before) throw notFound('entity.area');
  const changed = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== before[k as keyof typeof before]);
  await db.transaction(async (tx) => {
    await q.updateArea(tx, code, patch);
    await recordAudit(tx, ctx, { action: 'area.update', entityType: 'area', entityId: code, areaCode: code, summary: { changed } });
  });
  areaCache(db).clear();
  return getArea(db, ctx.actor, code);
}

const MAX_IMPORT_ROWS = 100_000;

/** CSV from Excel in China is often GB18030; anything that is not valid UTF-8 is read as that. */
export function decodeCsv(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

function parseAreaCsv(text: string): AreaRow[] {
  let header: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (names: string[]) => {
        header = names.map((h) => h.trim().toLowerCase());
        return header;
      },
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    throw rowError([{ row: line, field: 'file', rule: 'csv', messageKey: 'area.badCsv', params: { reason: (err as Error).message } }]);
  }
  const missing = REQUIRED_AREA_COLUMNS.filter((c) => !header.includes(c));
  if (header.length && missing.length) {
    throw rowError([{ row: 1, field: 'header', rule: 'columns', messageKey: 'area.badHeader', params: { columns: missing.join(', ') } }]);
  }
  if (records.length === 0) throw rowError([{ row: 1, field: 'file', rule: 'rows', messageKey: 'area.emptyFile' }]);
  if (records.length > MAX_IMPORT_ROWS) {
    throw rowError([
      {
        row: records[MAX_IMPORT_ROWS].info.lines,
        field: 'file',
        rule: 'max_rows',
        messageKey: 'area.tooManyRows',
        params: { limit: MAX_IMPORT_ROWS },
      },
    ]);
  }
  return records.map(({ record, info }) => ({ line: info.lines, values: record }));
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
}

/**
 * Checks the whole file first and writes nothing unless every row is good; then writes all
 * rows in one transaction with one audit entry.
 */
export async function importAreas(db: Db, ctx: Ctx, csv: string, dryRun: boolean): Promise<ImportReport> {
  if (!mayAtAll(ctx.actor, 'area.import')) {
    throw new AppError('FORBIDDEN', 'error.forbidden');
  }
  const rows = parseAreaCsv(csv);
  const known = await q.existingCodes(db, referencedCodes(rows));
  const { inputs, issues } = validateAreaRows(
    rows,
    (c) => known.has(c),
    (c) => may(ctx.actor, 'area.import', { areaCode: c }),
  );
  if (issues.length) throw rowError(issues);
  const updated = inputs.filter((i) => known.has(i.code)).length;
  const report = { dryRun, rows: inputs.length, created: inputs.length - updated, updated };
  if (dryRun) return report;
  await db.transaction(async (tx) => {
    await q.mergeAreas(tx, inputs, known);
    await recordAudit(tx, ctx, {
      action: 'area.import',
      entityType: 'area',
      areaCode: inputs[0].code,
      summary: { rows: report.rows, created: report.created, updated: report.updated },
    });
  });
  areaCache(db).clear();
  return report;
}
