// A Piscina worker that prepares import batches (import-prepare.ts). Workers do not inherit the
// main thread's TypeScript loader, so the worker registers tsx itself before loading the sources.
import { workerData } from 'piscina';
import { register } from 'tsx/esm/api';

register();
const { batchPreparer } = await import('./import-prepare.ts');

export default batchPreparer(workerData);
