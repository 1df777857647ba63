// The worker thread that parses an import file (spreadsheet-reader.ts). Workers do not inherit the
// main thread's TypeScript loader, so the worker registers tsx itself before loading the sources.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveRows } = await import('./spreadsheet-worker.ts');

serveRows(parentPort, workerData);
