import { it } from 'vitest';
import { createTestApp } from '../../../test/helpers/app.ts';
import { seedDemo } from './seed-demo.ts';

it('times the small seed', async () => {
  const t = await createTestApp();
  const start = Date.now();
  let beforeRequests = 0;
  const r = await seedDemo(t.database.db, t.config, 'small', (_d, _t, stage) => {
    if (stage === 'records') beforeRequests = Date.now();
  });
  const end = Date.now();
  console.log(`TIMING total ${end - start} ms, demand side ${end - beforeRequests} ms`, JSON.stringify(r.requests));
  await t.close();
}, 600_000);
