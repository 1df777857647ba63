import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { csvRows, detectFormat, type FileFormat, type FileRow, SNIFF_BYTES } from './file-rows.ts';
import { inspectZip } from './spreadsheet-guard.ts';
import { rowsInWorker } from './spreadsheet-reader.ts';

export { detectFormat, type FileFormat, type FileRow, sniffEncoding } from './file-rows.ts';

/**
 * An import file, read as a stream of rows, never whole (file-rows.ts). Spreadsheets are parsed
 * in a worker thread under memory limits (spreadsheet-reader.ts), their zip entries bounded
 * before they are inflated (spreadsheet-guard.ts): no upload can take the server down.
 */
export interface ImportFile {
  fileName: string;
  format: FileFormat;
  size: number;
  sha256: string;
  head: Buffer;
  open(): Readable;
  /** Where the bytes are, so a worker thread can read them itself; else they are read through open(). */
  path?: string;
  content?: Buffer;
}

export function fileFromBuffer(fileName: string, content: Buffer): ImportFile {
  return {
    fileName,
    format: detectFormat(content, fileName),
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    head: content.subarray(0, SNIFF_BYTES),
    open: () => Readable.from([content]),
    content,
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
    path: filePath,
  };
}

/**
 * The upload's check before anything is parsed: for an XLSX, the zip's central directory (no
 * entry inflated) against the limits of spreadsheet-guard.ts, and the workbook's parts. A file
 * that fails is a 400 on the field `file` naming the entry, its size or ratio, and the limit.
 */
export async function inspectFile(file: ImportFile): Promise<void> {
  if (file.format !== 'xlsx') return;
  await inspectZip(file.path !== undefined ? { path: file.path } : { buffer: file.content ?? (await bytesOf(file)) });
}

async function bytesOf(file: ImportFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.open()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A CSV this small is parsed on the main thread: starting a worker would cost more than the parse. */
export const CSV_WORKER_MIN_BYTES = 1024 * 1024;

/**
 * The file's rows, header first. XLSX files and large CSV files are parsed in a worker thread;
 * whoever stops reading early should call the generator's return() so the worker ends at once.
 */
export function readRows(file: ImportFile): AsyncGenerator<FileRow> {
  if (file.format === 'csv' && file.size < CSV_WORKER_MIN_BYTES) return smallCsvRows(file);
  return rowsInWorker(file);
}

async function* smallCsvRows(file: ImportFile): AsyncGenerator<FileRow> {
  yield* csvRows(file.open(), file.head);
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
