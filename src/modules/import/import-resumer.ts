import type { FastifyInstance } from 'fastify';
import { expireImportFiles, resumeStaleImports, stopBackgroundImports } from './import.service.ts';

const CHECK_EVERY_MS = 60_000;

/**
 * Previews and imports run inside a server; one that dies mid-file leaves a previewing or running
 * job whose heartbeat stops. Every server looks for such jobs when it starts and once a minute,
 * and one of them (the row update decides which) takes the job on: an import from its last
 * committed row, a preview from the start. The same check cancels previewed jobs nobody started
 * within VOLUNET_IMPORT_FILE_DAYS, erasing their files.
 */
export function installImportResumer(app: FastifyInstance) {
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    try {
      await resumeStaleImports(app.db, app.config);
      const expired = await expireImportFiles(app.db, app.config);
      if (expired.length) app.log.info({ jobs: expired }, 'import files expired and erased');
    } catch (err) {
      app.log.error({ err }, 'import background check failed');
    }
  };
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
