import type { VolunetModule } from '../../platform/module.ts';
import { duplicateRoutes } from './duplicates.routes.ts';
import { importRoutes } from './import.routes.ts';
import { installImportResumer } from './import-resumer.ts';

export const importModule: VolunetModule = {
  name: 'import',
  routes: [
    { prefix: '/api/imports', plugin: importRoutes },
    { prefix: '/api/duplicates', plugin: duplicateRoutes },
  ],
  background: [installImportResumer],
};
