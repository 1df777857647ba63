import type { Readable } from 'node:stream';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { type AppError, fieldError } from '../../platform/errors.ts';
import type { FileFormat, FileRow } from './file-rows.ts';
import { fileProblem } from './spreadsheet-guard.ts';
import type { FileIssue, ReaderInput, ReaderMessage } from './spreadsheet-worker.ts';

/**
 * An import file parsed in a worker thread with its own memory limits: a file that exhausts
 * them ends its worker (a 400, "too large or complex") instead of the server, and the main
 * thread's event loop stays free while a large file is parsed. Rows come back a batch at a
 * time, the next asked for only as the current one is taken.
 */
export const PARSE_LIMITS: ResourceLimits = {
  // Reading a 51.5 MB workbook of 750 000 rows peaks at ~200 MB of heap (its shared strings); a
  // file needing more than twice that is refused rather than allowed to grow the server.
  maxOldGenerationSizeMb: 512,
  maxYoungGenerationSizeMb: 32,
  codeRangeSizeMb: 64,
  stackSizeMb: 4,
};

/** What the reader needs of an ImportFile (import-file.ts). */
export interface ParseSource {
  format: FileFormat;
  head: Buffer;
  open(): Readable;
  path?: string;
  content?: Buffer;
}

const WORKER_URL = new URL('./spreadsheet-reader.worker.mjs', import.meta.url);

const live = new Set<Worker>();
/** Parse workers running now (for tests: a reader that stops early leaves none behind). */
export const liveParseWorkers = () => live.size;

const ended = (worker: Worker) => {
  live.delete(worker);
  void worker.terminate();
};
// A reader dropped without being closed (its consumer threw between two rows) still ends its worker.
const dropped = new FinalizationRegistry<{ worker?: Worker }>((held) => held.worker && ended(held.worker));

async function inputOf(file: ParseSource): Promise<ReaderInput> {
  const head = new Uint8Array(file.head);
  if (file.path !== undefined) return { format: file.format, head, path: file.path };
  if (file.content) return { format: file.format, head, content: file.content };
  const chunks: Buffer[] = [];
  for await (const chunk of file.open()) chunks.push(chunk as Buffer);
  return { format: file.format, head, content: Buffer.concat(chunks) };
}

/** The worker's answers (and its death) as a queue the reader awaits. */
function mailbox(worker: Worker) {
  const inbox: ReaderMessage[] = [];
  let waiting: ((m: ReaderMessage) => void) | undefined;
  const deliver = (m: ReaderMessage) => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(m);
    } else inbox.push(m);
  };
  const lost = (problem: AppError) => deliver({ issue: (problem.details as FileIssue[])[0] });
  worker.on('message', deliver);
  worker.on('error', (err: Error & { code?: string }) =>
    lost(
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? fileProblem('tooComplex', 'import.fileTooComplex', { limit: `${PARSE_LIMITS.maxOldGenerationSizeMb} MB` })
        : fileProblem('unreadable', 'import.unreadableFile', { reason: err.message.slice(0, 200) }),
    ),
  );
  worker.on('exit', () => lost(fileProblem('unreadable', 'import.unreadableFile', { reason: 'the reader stopped' })));
  return {
    next: () => {
      const m = inbox.shift();
      if (m) return Promise.resolve(m);
      // Held by the process only while an answer is awaited: an idle reader never keeps it alive.
      worker.ref();
      return new Promise<ReaderMessage>((resolve) => {
        waiting = (msg) => {
          worker.unref();
          resolve(msg);
        };
      });
    },
  };
}

export function rowsInWorker(file: ParseSource, limits: ResourceLimits = PARSE_LIMITS): AsyncGenerator<FileRow> {
  const held: { worker?: Worker } = {};
  async function* read(): AsyncGenerator<FileRow> {
    const worker = new Worker(WORKER_URL, { workerData: await inputOf(file), resourceLimits: limits });
    held.worker = worker;
    live.add(worker);
    worker.unref();
    const box = mailbox(worker);
    try {
      worker.postMessage('more');
      for (;;) {
        const m = await box.next();
        if ('issue' in m) throw fieldError(m.issue.field, m.issue.rule, m.issue.messageKey, m.issue.params);
        if (!m.done) worker.postMessage('more'); // parsed while these rows are used
        yield* m.rows;
        if (m.done) return;
      }
    } finally {
      held.worker = undefined;
      live.delete(worker);
      await worker.terminate();
    }
  }
  const rows = read();
  dropped.register(rows, held);
  return rows;
}
