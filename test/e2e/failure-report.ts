// Setup for every browser journey: a failed test reports what the open pages showed (browser.ts).
import { beforeEach } from 'vitest';
import { reportOpenPages } from './browser.ts';

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => reportOpenPages(task.name));
});
