import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { inlineCell, sharedStringsBomb, workbookParts, zipOf } from '../../../test/hostile-xlsx.ts';
import { AppError } from '../../platform/errors.ts';
import { type FileRow, fileFromBuffer, fileFromPath, inspectFile, readRows } from './import-file.ts';
import { liveParseWorkers, rowsInWorker } from './spreadsheet-reader.ts';

const all = async (rows: AsyncIterable<FileRow>) => {
  const out: FileRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
};

/** The rejection a request would answer with: a 400 on the field `file`, with its rule and message. */
async function rejection(work: Promise<unknown>) {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a rejection').toBeInstanceOf(AppError);
  const app = err as AppError;
  expect(app.statusCode).toBe(400);
  const [issue] = app.details as { field: string; rule: string; messageKey: string; params: Record<string, string | number> }[];
  expect(issue.field).toBe('file');
  return issue;
}

const heapGrowth = async (work: () => Promise<unknown>) => {
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().heapUsed) - before;
};

describe('hostile spreadsheets', () => {
  it('a zip bomb (shared strings inflating to 4 GB from 4 MB) is refused by its compression ratio, before and while reading', async () => {
    const file = fileFromBuffer('bomb.xlsx', sharedStringsBomb());
    expect(file.size).toBeLessThan(8 << 20);
    const inspected = await rejection(inspectFile(file));
    expect(inspected).toMatchObject({ rule: 'zipRatio', params: { entry: 'xl/sharedStrings.xml' } });
    let read: Awaited<ReturnType<typeof rejection>> | undefined;
    const growth = await heapGrowth(async () => {
      read = await rejection(all(readRows(file)));
    });
    expect(read).toMatchObject({ rule: 'zipRatio', params: { entry: 'xl/sharedStrings.xml' } });
    expect(growth).toBeLessThan(200 << 20);
  });

  it('a zip bomb whose headers lie about its size is stopped when it inflates past the size it declared', async () => {
    const file = fileFromBuffer('liar.xlsx', sharedStringsBomb(20 << 20));
    await inspectFile(file); // the declared sizes are plausible: only reading can tell
    let read: Awaited<ReturnType<typeof rejection>> | undefined;
    const growth = await heapGrowth(async () => {
      read = await rejection(all(readRows(file)));
    });
    expect(read).toMatchObject({ rule: 'zipSizeMismatch', params: { entry: 'xl/sharedStrings.xml' } });
    expect(growth).toBeLessThan(200 << 20);
  });

  it('every entry is bounded by its inflated size, and the archive by its entry count and total size', async () => {
    // Declared sizes at a plausible ratio (the data is never inflated: the central directory is enough).
    const declared = (name: string, size: number) => ({ name, raw: { deflated: Buffer.alloc(Math.ceil(size / 50)), size, crc: 0 } });
    const huge = fileFromBuffer('huge.xlsx', zipOf(workbookParts('', [declared('xl/sharedStrings.xml', 1100 << 20)])));
    const limit = { rule: 'zipEntrySize', params: { entry: 'xl/sharedStrings.xml', size: '1100 MB', limit: '1024 MB' } };
    expect(await rejection(inspectFile(huge))).toMatchObject(limit);
    expect(await rejection(all(readRows(huge)))).toMatchObject(limit);
    const many = Array.from({ length: 10_001 }, (_, i) => ({ name: `xl/media/image${i}.png`, data: Buffer.alloc(0) }));
    const crowded = fileFromBuffer('crowded.xlsx', zipOf(workbookParts('', many)));
    expect(await rejection(inspectFile(crowded))).toMatchObject({ rule: 'zipEntries', params: { count: 10_006, limit: 10_000 } });
    const parts = [1, 2, 3].map((i) => declared(`xl/media/video${i}.bin`, 900 << 20));
    const total = fileFromBuffer('total.xlsx', zipOf(workbookParts('', parts)));
    expect(await rejection(all(readRows(total)))).toMatchObject({ rule: 'zipTotalSize', params: { limit: '2048 MB' } });
  });

  it('a cell longer than Excel allows (32 767 characters) is refused naming its row and column', async () => {
    const sheet = `<row r="1">${inlineCell('姓名', 'A1')}${inlineCell('备注', 'B1')}</row><row r="2">${inlineCell('张三', 'A2')}${inlineCell('x'.repeat(40_000), 'B2')}</row>`;
    const issue = await rejection(all(readRows(fileFromBuffer('long.xlsx', zipOf(workbookParts(sheet))))));
    expect(issue).toMatchObject({ rule: 'cellLength', params: { row: 2, column: 'B', limit: 32_767 } });
    // A shared string is as long as the cells that use it: the one in C3 is named.
    const sst = {
      name: 'xl/sharedStrings.xml',
      data: Buffer.from(`<sst><si><t>短</t></si><si><r><t>${'y'.repeat(40_000)}</t></r></si></sst>`),
    };
    const shared = `<row r="1">${inlineCell('姓名', 'A1')}</row><row r="3"><c r="A3" t="s"><v>0</v></c><c r="C3" t="s"><v>1</v></c></row>`;
    const viaShared = await rejection(all(readRows(fileFromBuffer('shared.xlsx', zipOf(workbookParts(shared, [sst]))))));
    expect(viaShared).toMatchObject({ rule: 'cellLength', params: { row: 3, column: 'C', limit: 32_767 } });
    // And in a CSV, read on the main thread (small) or in a worker (large).
    const csv = `姓名,备注\n张三,ok\n李四,${'z'.repeat(40_000)}\n`;
    for (const padding of [0, 1 << 20]) {
      const file = fileFromBuffer('long.csv', Buffer.from(csv + '王五,ok\n'.repeat(padding / 8)));
      expect(await rejection(all(readRows(file)))).toMatchObject({ rule: 'cellLength', params: { row: 3, column: 'B' } });
    }
  });

  it('cells without r= are read in document order, as OOXML allows', async () => {
    const sheet = `<row>${inlineCell('姓名')}${inlineCell('手机')}</row><row><c><v>1</v></c><c t="inlineStr"><is><t>李四</t></is></c></row><row r="5">${inlineCell('王五')}<c r="D5"><v>42</v></c></row>`;
    const bytes = zipOf(workbookParts(sheet));
    const rows = await all(readRows(fileFromBuffer('no-r.xlsx', bytes)));
    // A file on disk (the CLI's) is read by the worker from its path: the same rows.
    const dir = await mkdtemp(path.join(tmpdir(), 'volunet-import-'));
    await writeFile(path.join(dir, 'no-r.xlsx'), bytes);
    const onDisk = await fileFromPath(path.join(dir, 'no-r.xlsx'));
    await inspectFile(onDisk);
    expect(await all(readRows(onDisk))).toEqual(rows);
    await rm(dir, { recursive: true });
    expect(rows).toEqual([
      { rowNo: 1, cells: ['姓名', '手机'] },
      { rowNo: 2, cells: ['1', '李四'] },
      { rowNo: 5, cells: ['王五', '', '', '42'] },
    ]);
  });

  it('Chinese text is read whole wherever the inflated chunks of the sheet end (exceljs garbled the character a chunk cut: 91 rows of 300 000)', async () => {
    const names = Array.from({ length: 4_000 }, (_, i) => `韩艳${'志愿者'.repeat(i % 7)}${i}`);
    const sheet = names.map((name, i) => `<row r="${i + 1}">${inlineCell(name, `A${i + 1}`)}</row>`).join('');
    const rows = await all(readRows(fileFromBuffer('names.xlsx', zipOf(workbookParts(sheet)))));
    expect(rows.map((r) => r.cells[0])).toEqual(names);
  });

  it('broken XML, a broken zip and a workbook without its parts are a 400 naming the problem', async () => {
    const badXml = fileFromBuffer('bad.xlsx', zipOf(workbookParts('<row><c><v>1</v></row>')));
    expect(await rejection(all(readRows(badXml)))).toMatchObject({ rule: 'unreadable' });
    const good = zipOf(workbookParts(`<row>${inlineCell('a')}</row>`));
    const truncated = fileFromBuffer('cut.xlsx', good.subarray(0, good.length - 30));
    expect(await rejection(inspectFile(truncated))).toMatchObject({ rule: 'unreadable' });
    expect(await rejection(all(readRows(truncated)))).toMatchObject({ rule: 'unreadable' });
    const noWorkbook = fileFromBuffer('parts.xlsx', zipOf(workbookParts('').filter((p) => p.name !== 'xl/workbook.xml')));
    expect(await rejection(inspectFile(noWorkbook))).toMatchObject({ rule: 'xlsxPart', params: { part: 'xl/workbook.xml' } });
    expect(await rejection(all(readRows(noWorkbook)))).toMatchObject({ rule: 'xlsxPart', params: { part: 'xl/workbook.xml' } });
  });

  it('a parse that runs out of its memory ends its worker, not the server: a 400 "too large or complex"', async () => {
    const strings = Array.from({ length: 60_000 }, (_, i) => `<si><t>${String(i).repeat(40)}</t></si>`).join('');
    const sst = { name: 'xl/sharedStrings.xml', data: Buffer.from(`<sst>${strings}</sst>`) };
    const file = fileFromBuffer('heavy.xlsx', zipOf(workbookParts('<row r="1"><c r="A1" t="s"><v>7</v></c></row>', [sst])));
    expect(await all(readRows(file))).toEqual([{ rowNo: 1, cells: ['7'.repeat(40)] }]);
    const issue = await rejection(all(rowsInWorker(file, { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 })));
    expect(issue.rule).toBe('tooComplex');
    expect(liveParseWorkers()).toBe(0);
  });

  it('a reader that stops early ends its worker', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('s');
    for (let i = 0; i < 5_000; i++) sheet.addRow([`name ${i}`, i, new Date(Date.UTC(2000, 0, 1 + (i % 300)))]);
    const file = fileFromBuffer('many.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const rows = readRows(file);
    expect((await rows.next()).value).toEqual({ rowNo: 1, cells: ['name 0', '0', '2000-01-01'] });
    expect(liveParseWorkers()).toBe(1);
    await rows.return(undefined);
    expect(liveParseWorkers()).toBe(0);
    const csv = readRows(fileFromBuffer('many.csv', Buffer.from('a,b\n'.repeat(400_000))));
    await csv.next();
    await csv.return(undefined);
    expect(liveParseWorkers()).toBe(0);
  });
});
