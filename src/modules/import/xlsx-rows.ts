import { AppError } from '../../platform/errors.ts';
import { cellTooLong, type FileRow } from './file-rows.ts';
import { fileProblem, type GuardedZip, MAX_CELL_CHARS, unreadable, WORKBOOK_PART } from './spreadsheet-guard.ts';
import { type XmlHandlers, XmlScanner } from './xml-scanner.ts';

/**
 * The first sheet of an XLSX workbook as rows, read part by part from a guarded zip: the
 * workbook names its first sheet, the shared strings and styles are read before it (whatever
 * their order in the archive), and the sheet streams. Cells without `r=` (optional in OOXML)
 * take the next position in document order; a cell over Excel's 32 767 characters is stopped
 * at its 32 768th, never built.
 */
const NO_HANDLERS: XmlHandlers = { open() {}, close() {}, text() {} };

async function* scanPart(zip: GuardedZip, name: string, handlers: XmlHandlers): AsyncGenerator<void> {
  const bytes = zip.read(name);
  if (!bytes) return;
  const scanner = new XmlScanner(handlers);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of bytes) {
      scanner.write(decoder.decode(chunk, { stream: true }));
      yield;
    }
    scanner.write(decoder.decode());
    scanner.end();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadable(new Error(`${name}: ${err instanceof Error ? err.message : String(err)}`));
  }
}

async function readPart(zip: GuardedZip, name: string, handlers: XmlHandlers) {
  for await (const _ of scanPart(zip, name, handlers));
}

/** A relationship's target, resolved against the folder of the part that names it. */
function resolveTarget(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

async function relationships(zip: GuardedZip, part: string): Promise<Map<string, { type: string; target: string }>> {
  const slash = part.lastIndexOf('/');
  const relsName = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const rels = new Map<string, { type: string; target: string }>();
  await readPart(zip, relsName, {
    ...NO_HANDLERS,
    open(name, a) {
      if (name === 'Relationship' && a.Id && a.Target && a.TargetMode !== 'External')
        rels.set(a.Id, { type: a.Type ?? '', target: resolveTarget(part, a.Target) });
    },
  });
  return rels;
}

const ofType = (rels: Map<string, { type: string; target: string }>, type: string) =>
  [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target;

const missing = (part: string) => fileProblem('xlsxPart', 'import.xlsxPartMissing', { part });

interface Workbook {
  sheet: string;
  date1904: boolean;
  sharedStrings?: string;
  styles?: string;
}

async function workbookOf(zip: GuardedZip): Promise<Workbook> {
  const workbook = ofType(await relationships(zip, ''), 'officeDocument') ?? WORKBOOK_PART;
  if (!zip.names.has(workbook)) throw missing(workbook);
  let firstSheetRel: string | undefined;
  let date1904 = false;
  await readPart(zip, workbook, {
    ...NO_HANDLERS,
    open(name, a) {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name === 'sheet' && firstSheetRel === undefined)
        firstSheetRel = Object.entries(a).find(([k]) => k === 'id' || k.endsWith(':id'))?.[1] ?? '';
    },
  });
  const rels = await relationships(zip, workbook);
  const sheet = (firstSheetRel && rels.get(firstSheetRel)?.target) || 'xl/worksheets/sheet1.xml';
  if (!zip.names.has(sheet)) throw missing(sheet);
  const folder = workbook.slice(0, workbook.lastIndexOf('/') + 1);
  const fallback = (name: string) => (zip.names.has(folder + name) ? folder + name : undefined);
  return {
    sheet,
    date1904,
    sharedStrings: ofType(rels, 'sharedStrings') ?? fallback('sharedStrings.xml'),
    styles: ofType(rels, 'styles') ?? fallback('styles.xml'),
  };
}

/** Shared strings; null for one longer than a cell may be (reported where a cell uses it). */
async function sharedStrings(zip: GuardedZip, part: string | undefined): Promise<(string | null)[]> {
  const strings: (string | null)[] = [];
  if (!part) return strings;
  let text: string | null = null;
  let inText = false;
  let phonetic = 0;
  await readPart(zip, part, {
    open(name) {
      if (name === 'si') text = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && !phonetic) inText = true;
    },
    close(name) {
      if (name === 'si') strings.push(text);
      else if (name === 'rPh') phonetic--;
      else if (name === 't') inText = false;
    },
    text(part) {
      if (!inText || text === null) return;
      text = text.length + part.length > MAX_CELL_CHARS ? null : text + part;
    },
  });
  return strings;
}

/** Built-in number formats that show dates (ECMA-376 §18.8.30, with the East Asian ones). */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A custom format shows a date when, outside [colours] and "literals", it has date letters (as exceljs decides). */
const isDateCode = (code: string) =>
  /[ymdhMsb]/.test(
    code
      .replace(/\[[^\]]*]/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, ''),
  );

/** For each cell style (the `s` of a cell), whether it shows a date. */
async function dateStyles(zip: GuardedZip, part: string | undefined): Promise<boolean[]> {
  if (!part) return [];
  const formats = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  await readPart(zip, part, {
    ...NO_HANDLERS,
    open(name, a) {
      if (name === 'numFmt') formats.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfs.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfs.map((id) => {
    const code = formats.get(id);
    return code === undefined ? BUILT_IN_DATES.has(id) : isDateCode(code);
  });
}

/** Excel's 16 384 columns (XFD). */
const MAX_COLUMNS = 16_384;

function columnOf(ref: string): number {
  const letters = /^\$?([A-Za-z]{1,3})\$?\d*$/.exec(ref)?.[1];
  let n = 0;
  for (const ch of (letters ?? '').toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  if (!letters || n > MAX_COLUMNS) throw unreadable(new Error(`bad cell reference "${ref.slice(0, 20)}"`));
  return n;
}

function dateText(serial: number, date1904: boolean): string {
  const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return Number.isNaN(date.getTime()) ? String(serial) : date.toISOString().slice(0, 10);
}

function blank(cells: string[]): boolean {
  for (const c of cells) if (c !== undefined && c.trim() !== '') return false;
  return true;
}

export async function* xlsxRows(zip: GuardedZip): AsyncGenerator<FileRow> {
  const book = await workbookOf(zip);
  const strings = await sharedStrings(zip, book.sharedStrings);
  const dates = await dateStyles(zip, book.styles);
  const done: FileRow[] = [];
  let rowNo = 0;
  let cells: string[] | null = null;
  let col = 0;
  let cell: { t?: string; s: number; value: string; into: boolean } | null = null;
  let phonetic = 0;

  const tooLong = () => cellTooLong(rowNo, col);
  const textOf = (c: NonNullable<typeof cell>): string => {
    if (c.value === '' || c.t === 'e') return '';
    if (c.t === 's') {
      const s = strings[Number.parseInt(c.value, 10)];
      if (s === null) throw tooLong();
      return s ?? '';
    }
    if (c.t === 'inlineStr' || c.t === 'str') return c.value;
    if (c.t === 'b') return Number.parseInt(c.value, 10) !== 0 ? 'true' : 'false';
    const n = Number.parseFloat(c.value);
    if (Number.isNaN(n)) return c.value;
    return dates[c.s] ? dateText(n, book.date1904) : String(n);
  };

  const handlers: XmlHandlers = {
    open(name, a) {
      if (name === 'row') {
        rowNo = a.r ? Number.parseInt(a.r, 10) : rowNo + 1;
        if (!(rowNo > 0)) throw unreadable(new Error(`bad row number "${a.r}"`));
        cells = [];
        col = 0;
      } else if (name === 'c' && cells) {
        col = a.r ? columnOf(a.r) : col + 1;
        if (col > MAX_COLUMNS) throw unreadable(new Error(`more than ${MAX_COLUMNS} columns in row ${rowNo}`));
        cell = { t: a.t, s: Number(a.s ?? 0), value: '', into: false };
      } else if (cell && (name === 'v' || (name === 't' && !phonetic))) cell.into = true;
      else if (name === 'rPh') phonetic++;
    },
    close(name) {
      if (name === 'row' && cells) {
        if (!blank(cells)) {
          for (let i = 0; i < cells.length; i++) cells[i] ??= '';
          done.push({ rowNo, cells });
        }
        cells = null;
      } else if (name === 'c' && cell && cells) {
        cells[col - 1] = textOf(cell);
        cell = null;
      } else if (cell && (name === 'v' || name === 't')) cell.into = false;
      else if (name === 'rPh') phonetic--;
    },
    text(part) {
      if (!cell?.into) return;
      if (cell.value.length + part.length > MAX_CELL_CHARS) throw tooLong();
      cell.value += part;
    },
  };
  for await (const _ of scanPart(zip, book.sheet, handlers)) {
    yield* done;
    done.length = 0;
  }
  yield* done;
}
