import type { FastifyInstance } from 'fastify';
import { resumeStaleImports, stopBackgroundImports } from './import.service.ts';

const CHECK_EVERY_MS = 60_000;

/**
 * Imports run inside a server; one that dies mid-file leaves a running job whose heartbeat
 * stops. Every server looks for such jobs when it starts and once a minute, and one of them
 * (the row update decides which) takes the job on from its last committed row.
 */
export function installImportResumer(app: FastifyInstance) {
  let timer: NodeJS.Timeout | undefined;
  const check = () => resumeStaleImports(app.db, app.config).catch((err: Error) => app.log.error({ err }, 'import resume check failed'));
  app.addHook('onReady', async () => {
    void check();
    timer = setInterval(check, CHECK_EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await stopBackgroundImports();
  });
}
