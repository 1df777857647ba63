import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

/**
 * Reading an import file as a stream of rows, never whole: CSV in UTF-8 or GB18030 (what Excel
 * in China saves), or the first sheet of an XLSX workbook. Each row comes with its number as a
 * spreadsheet shows it, the header being row 1.
 */
export interface FileRow {
  rowNo: number;
  cells: string[];
}

export type FileFormat = 'csv' | 'xlsx';

/** XLSX files are zip archives: "PK\x03\x04". */
export function detectFormat(head: Buffer, fileName: string): FileFormat {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  return /\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv';
}

const SNIFF_BYTES = 256 * 1024;

/** UTF-8 when the first 256 KB decode as UTF-8 (a sequence cut at the end is fine), else GB18030. */
export function sniffEncoding(head: Buffer): 'utf-8' | 'gb18030' {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, SNIFF_BYTES), { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function decoding(encoding: 'utf-8' | 'gb18030') {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

const blank = (cells: string[]) => cells.every((c) => c.trim() === '');

async function* csvRows(open: () => Readable, head: Buffer): AsyncGenerator<FileRow> {
  const parser = open()
    .pipe(decoding(sniffEncoding(head)))
    .pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!blank(record)) yield { rowNo: info.lines, cells: record };
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

async function* xlsxRows(open: () => Readable): AsyncGenerator<FileRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(open(), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  });
  for await (const sheet of workbook) {
    for await (const row of sheet) {
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      const cells = Array.from(values, (v) => cellText(v));
      if (!blank(cells)) yield { rowNo: row.number, cells };
    }
    return; // the first sheet only
  }
}

export interface ImportFile {
  fileName: string;
  format: FileFormat;
  size: number;
  sha256: string;
  head: Buffer;
  open(): Readable;
}

export function fileFromBuffer(fileName: string, content: Buffer): ImportFile {
  return {
    fileName,
    format: detectFormat(content, fileName),
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    head: content.subarray(0, SNIFF_BYTES),
    open: () => Readable.from([content]),
  };
}

/** A file on disk, hashed in one streaming pass. */
export async function fileFromPath(filePath: string, fileName = filePath): Promise<ImportFile> {
  const hash = createHash('sha256');
  let size = 0;
  const headChunks: Buffer[] = [];
  let headLength = 0;
  for await (const chunk of createReadStream(filePath) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    if (headLength < SNIFF_BYTES) {
      headChunks.push(chunk);
      headLength += chunk.length;
    }
  }
  const head = Buffer.concat(headChunks).subarray(0, SNIFF_BYTES);
  return {
    fileName,
    format: detectFormat(head, fileName),
    size,
    sha256: hash.digest('hex'),
    head,
    open: () => createReadStream(filePath),
  };
}

export function readRows(file: ImportFile): AsyncGenerator<FileRow> {
  return file.format === 'xlsx' ? xlsxRows(() => file.open()) : csvRows(() => file.open(), file.head);
}

/** Rows in batches, for a pipeline that works a batch at a time. */
export async function* inBatches<T>(rows: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
