import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { auditLog } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await buildArea(t.database.db, '970101001');
  await buildArea(t.database.db, '960101001');
  const ctx = { actor: null, requestId: 'seed' };
  await recordAudit(t.database.db, ctx, { action: 'area.update', entityType: 'area', entityId: '970101001', areaCode: '970101001' });
  await recordAudit(t.database.db, ctx, { action: 'area.update', entityType: 'area', entityId: '960101001', areaCode: '960101001' });
});
afterAll(() => t.close());

describe('the audit log is append-only', () => {
  it.each([
    ['UPDATE', sql`UPDATE audit_log SET action = 'forged'`],
    ['DELETE', sql`DELETE FROM audit_log`],
    ['TRUNCATE', sql`TRUNCATE audit_log`],
  ])('the database refuses %s', async (_, statement) => {
    const before = await t.database.db.select().from(auditLog);
    await expect(t.database.db.execute(statement)).rejects.toMatchObject({ cause: expect.objectContaining({ code: '42501' }) });
    expect(await t.database.db.select().from(auditLog)).toEqual(before);
  });

  it('rolls back with the write it describes', async () => {
    const before = (await t.database.db.select().from(auditLog)).length;
    await expect(
      t.database.db.transaction(async (tx) => {
        await recordAudit(tx, { actor: null, requestId: 'r' }, { action: 'area.create', entityType: 'area' });
        await tx.execute(sql`INSERT INTO areas (code, name, level) VALUES ('bad', 'x', 'city')`);
      }),
    ).rejects.toThrow();
    expect((await t.database.db.select().from(auditLog)).length).toBe(before);
  });
});

describe('browsing the audit log', () => {
  it('shows an auditor everything and filters by action, area and time', async () => {
    const auditor = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'auditor', areaCode: '9701' }]));
    const all = await auditor.request({ url: '/api/audit?action=area.&pageSize=200' });
    const areaCodes = all.json().items.map((e: { areaCode: string }) => e.areaCode);
    expect(areaCodes).toEqual(expect.arrayContaining(['970101001', '960101001']));
    const inArea = await auditor.request({ url: '/api/audit?areaCode=9601' });
    expect(inArea.json().items.map((e: { entityId: string }) => e.entityId)).toEqual(['960101001']);
    const future = await auditor.request({ url: `/api/audit?from=${new Date(Date.now() + 86400000).toISOString()}` });
    expect(future.json()).toEqual({ items: [], total: 0 });
  });

  it('shows a city admin only their own city', async () => {
    const cityAdmin = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '9701' }]));
    const response = await cityAdmin.request({ url: '/api/audit?pageSize=200' });
    const codes: string[] = response.json().items.map((e: { areaCode: string }) => e.areaCode);
    expect(codes).toContain('970101001');
    expect(codes.every((c) => c.startsWith('9701'))).toBe(true);
  });

  it('refuses roles without audit.read and bad filters', async () => {
    const district = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '970101' }]));
    expect((await district.request({ url: '/api/audit' })).statusCode).toBe(403);
    const auditor = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'auditor', areaCode: '9701' }]));
    const bad = await auditor.request({ url: '/api/audit?from=yesterday&pageSize=1000' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['from', 'pageSize']);
  });
});
