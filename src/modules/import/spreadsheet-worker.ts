import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { csvRows, type FileFormat, type FileRow } from './file-rows.ts';
import { openZip, unreadable } from './spreadsheet-guard.ts';
import { xlsxRows } from './xlsx-rows.ts';

/**
 * The worker thread's side of spreadsheet-reader.ts: it parses the file and answers each "more"
 * with the next batch of rows, so the main thread holds a batch or two, never the file.
 */
export interface ReaderInput {
  format: FileFormat;
  head: Uint8Array;
  path?: string;
  content?: Uint8Array;
}

/** What a file problem carries across the thread boundary (an AppError's one field detail). */
export interface FileIssue {
  field: string;
  rule: string;
  messageKey: MessageKey;
  params: Record<string, string | number>;
}

export type ReaderMessage = { rows: FileRow[]; done: boolean } | { issue: FileIssue };

/** A batch ends at this many rows or cell characters, whichever comes first. */
const BATCH_ROWS = 500;
const BATCH_CHARS = 4 * 1024 * 1024;

/** Ten minutes without a request for rows: far longer than any pipeline spends on one batch. */
const IDLE_MS = 10 * 60 * 1000;

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

async function* rowsOf(input: ReaderInput): AsyncGenerator<FileRow> {
  if (input.format === 'xlsx') {
    const zip = await openZip(input.path !== undefined ? { path: input.path } : { buffer: asBuffer(input.content ?? new Uint8Array()) });
    try {
      yield* xlsxRows(zip);
    } finally {
      zip.close();
    }
    return;
  }
  const stream = input.path !== undefined ? createReadStream(input.path) : Readable.from([asBuffer(input.content ?? new Uint8Array())]);
  yield* csvRows(stream, asBuffer(input.head));
}

export function serveRows(port: MessagePort, input: ReaderInput) {
  const rows = rowsOf(input);
  const nextBatch = async (): Promise<ReaderMessage> => {
    const batch: FileRow[] = [];
    let chars = 0;
    try {
      while (batch.length < BATCH_ROWS && chars < BATCH_CHARS) {
        const next = await rows.next();
        if (next.done) return { rows: batch, done: true };
        batch.push(next.value);
        for (const cell of next.value.cells) chars += cell.length;
      }
      return { rows: batch, done: false };
    } catch (err) {
      return { issue: (unreadable(err).details as FileIssue[])[0] };
    }
  };
  // The main thread asks for one batch at a time; answering in order keeps that so. A reader
  // nobody asks for more (its consumer gave up without closing it) ends itself after a while.
  let answering = Promise.resolve();
  let idle = setTimeout(() => process.exit(0), IDLE_MS);
  port.on('message', () => {
    clearTimeout(idle);
    answering = answering.then(async () => {
      port.postMessage(await nextBatch());
      idle = setTimeout(() => process.exit(0), IDLE_MS);
    });
  });
}
