import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { QueueWorker } from './jobs.ts';

/**
 * What a capability adds to a server: its routes, the queue workers it runs and the loops it keeps
 * in the background. Each module declares one of these in its `<name>.module.ts`; `buildApp()`
 * and the job runner loop over the list in src/modules/manifest.ts instead of naming modules.
 */
export interface VolunetModule {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: route plugins are typed by their own type provider
  routes?: { prefix: string; plugin: FastifyPluginAsync<any> }[];
  /** Jobs taken from the PostgreSQL queue, on the servers that run jobs. */
  workers?: QueueWorker[];
  /** Timers of this server's own (each stops with the server); they run only where jobs run. */
  background?: ((app: FastifyInstance) => void)[];
}
