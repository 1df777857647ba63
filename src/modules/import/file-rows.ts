import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { fileProblem, MAX_CELL_CHARS, unreadable } from './spreadsheet-guard.ts';

/**
 * Reading an import file as a stream of rows, never whole: CSV in UTF-8 or GB18030 (what Excel
 * in China saves), or the first sheet of an XLSX workbook (xlsx-rows.ts). Each row comes with
 * its number as a spreadsheet shows it, the header being row 1.
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

export const SNIFF_BYTES = 256 * 1024;

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

/** A spreadsheet's column name: 1 → A, 27 → AA. */
export function columnLetters(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

export const cellTooLong = (row: number, column: number) =>
  fileProblem('cellLength', 'import.cellTooLong', { row, column: columnLetters(column), limit: MAX_CELL_CHARS });

export async function* csvRows(input: Readable, head: Buffer): AsyncGenerator<FileRow> {
  const parser = input
    .pipe(decoding(sniffEncoding(head)))
    .pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }));
  const records = parser as AsyncIterable<{ record: string[]; info: { lines: number } }>;
  try {
    for await (const { record, info } of records) {
      // The same bound as a spreadsheet's: no export has a longer cell, and every one is held in memory.
      for (let i = 0; i < record.length; i++) if (record[i].length > MAX_CELL_CHARS) throw cellTooLong(info.lines, i + 1);
      if (!blank(record)) yield { rowNo: info.lines, cells: record };
    }
  } catch (err) {
    throw unreadable(err);
  } finally {
    parser.destroy();
  }
}
