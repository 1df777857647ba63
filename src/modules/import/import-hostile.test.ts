import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { sharedStringsBomb } from '../../../test/hostile-xlsx.ts';

let t: TestApp;
let communityAdmin: Session;
beforeAll(async () => {
  t = await createTestApp();
  communityAdmin = await signIn(
    t.app,
    await buildAccount(t.database.db, t.config, [{ role: 'community_admin', areaCode: '330106201001' }]),
  );
});
afterAll(() => t.close());

describe('hostile uploads', () => {
  it('a 4 MB XLSX whose shared strings inflate to 4 GB, uploaded by a community admin, is a 400 naming the entry and the limit', async () => {
    const before = process.memoryUsage().heapUsed;
    const answers = [];
    for (const language of ['en-US', 'zh-CN']) {
      answers.push(
        await communityAdmin.request({
          method: 'POST',
          url: '/api/imports?source=generic&fileName=bomb.xlsx',
          headers: { 'content-type': 'application/octet-stream', 'accept-language': language },
          payload: sharedStringsBomb(),
        }),
      );
    }
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 << 20);
    const [en, zh] = answers;
    expect(en.statusCode, en.body).toBe(400);
    const [issue] = en.json().error.details;
    expect(issue).toMatchObject({ field: 'file', rule: 'zipRatio' });
    expect(issue.message).toContain('xl/sharedStrings.xml');
    expect(issue.message).toContain('100:1');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.details[0].message).toContain('压缩炸弹');
    // The server is still there, and still answers.
    expect((await communityAdmin.request({ url: '/api/health' })).statusCode).toBe(200);
  });
});
