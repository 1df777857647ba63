import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { auditLog } from '../../db/schema.ts';

let t: TestApp;
let city: Session;
let district: Session;
beforeAll(async () => {
  t = await createTestApp();
  city = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '9401' }]));
  district = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '940101' }]));
});
afterAll(() => t.close());

const sign = { code: 'tea_ceremony', category: 'culture', nameZh: '茶艺', nameEn: 'Tea ceremony' };

describe('the skills catalog', () => {
  it('is read by anyone, signed in or not', async () => {
    const catalog = await t.app.inject({ method: 'GET', url: '/api/skills' });
    expect(catalog.statusCode).toBe(200);
    expect(catalog.json().length).toBeGreaterThanOrEqual(18);
    expect(catalog.json()[0]).toMatchObject({ code: expect.any(String), nameZh: expect.any(String), builtin: expect.any(Boolean) });
  });

  it('grows by the city office, once a code, with the change audited', async () => {
    const added = await city.request({ method: 'POST', url: '/api/skills', payload: sign });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ ...sign, needsCertificate: false, builtin: false });
    const listed = (await t.app.inject({ method: 'GET', url: '/api/skills' })).json() as { code: string }[];
    expect(listed.map((s) => s.code)).toContain('tea_ceremony');
    const again = await city.request({ method: 'POST', url: '/api/skills', payload: sign });
    expect(again.statusCode).toBe(409);
    const audited = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'skill.create'));
    expect(audited).toMatchObject([{ entityId: 'tea_ceremony', summary: { category: 'culture' } }]);
  });

  it('refuses a district office as if the route were not there, and a bad code naming the field', async () => {
    const refused = await district.request({ method: 'POST', url: '/api/skills', payload: { ...sign, code: 'braille' } });
    expect(refused.statusCode).toBe(404);
    const bad = await city.request({ method: 'POST', url: '/api/skills', payload: { ...sign, code: 'Bad Code' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('code');
  });
});
