import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';
import { appendLedger } from '../records/index.ts';

const COMMUNITY = '982101001001';
let t: TestApp;
let city: Session;
let district: Session;
let volunteer: Session;
let org: string;

/** Confirmed hours for a volunteer: a record and its ledger entry, as confirming does. */
async function confirmedHours(volunteerId: string, hours: number) {
  const db = t.database.db;
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place,
        person_in_charge, channel, credit_hours, status)
      values (${volunteerId}, ${org}, '社区服务', '2026-05-01', '社区活动室', '负责人', 'manual', 1, 'confirmed') returning id`),
  );
  const at = new Date().toISOString();
  await db.transaction((tx) =>
    appendLedger(tx, t.config.ledgerKey, [{ kind: 'credit', hours: String(hours), volunteerId, recordId: row.id, at }]),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  org = await buildOrganization(db, t.config, { areaCode: COMMUNITY });
  city = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'city_admin', areaCode: '9821' }]));
  district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '982101' }]));
  // 0, 150, 250, 550 and 1200 hours: national 0/1/1/2/4 stars; the city's 100/200/500/800/1000 gives 0/1/2/3/5.
  const ids: string[] = [];
  for (const hours of [0, 150, 250, 550, 1200]) {
    const v = await buildVolunteer(db, t.config, { areaCode: COMMUNITY });
    if (hours) await confirmedHours(v.id, hours);
    ids.push(v.id);
  }
  const account = await buildAccount(db, t.config, [{ role: 'volunteer' }]);
  await db.execute(sql`update volunteers set account_id = ${account.id} where id = ${ids[2]}`);
  volunteer = await signIn(t.app, account);
});
afterAll(() => t.close());

const CITY_OWN = [100, 200, 500, 800, 1000];
const preview = (session: Session, thresholds: unknown[], lang = 'zh-CN') =>
  session.request({
    method: 'POST',
    url: '/api/settings/star-scheme/preview',
    payload: { thresholds },
    headers: { 'x-volunet-language': lang },
  });
const save = (session: Session, thresholds: unknown[]) =>
  session.request({ method: 'PUT', url: '/api/settings/star-scheme', payload: { thresholds } });
const details = (response: { json(): { error: { details: { field: string; rule: string; message: string }[] } } }) =>
  response.json().error.details.map((d) => `${d.field}:${d.rule}:${d.message}`);

describe('the star scheme page', () => {
  it('reads the national scheme until the city saves its own, for every signed-in role', async () => {
    const response = await volunteer.request({ url: '/api/settings/star-scheme' });
    expect(response.json()).toEqual({
      thresholds: [100, 300, 600, 1000, 1500],
      national: true,
      nationalThresholds: [100, 300, 600, 1000, 1500],
    });
  });

  it('previews how many volunteers would hold each star, beside the scheme in force, without saving', async () => {
    const response = await preview(city, CITY_OWN);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      current: { thresholds: [100, 300, 600, 1000, 1500], national: true, holders: [1, 2, 1, 0, 1, 0] },
      proposed: { thresholds: CITY_OWN, national: false, holders: [1, 1, 1, 1, 0, 1] },
      volunteers: 5,
      up: 3,
      down: 0,
    });
    expect((await city.request({ url: '/api/settings/star-scheme' })).json().national).toBe(true);
  });

  it('leaves deregistered volunteers out of the preview', async () => {
    await t.database.db.execute(sql`update volunteers set status = 'deregistered'
      where id = (select volunteer_id from ledger_entries group by volunteer_id having sum(hours) = 1200)`);
    expect((await preview(city, CITY_OWN)).json()).toMatchObject({ volunteers: 4, proposed: { holders: [1, 1, 1, 1, 0, 0] } });
    await t.database.db.execute(sql`update volunteers set status = 'active' where status = 'deregistered'`);
  });

  it('names each threshold and the rule it breaks, in the reader’s language', async () => {
    const zh = await preview(city, [100, 50, 600, 0, 1500]);
    expect(zh.statusCode).toBe(400);
    expect(details(zh)).toEqual(['thresholds.1:ascending:每一档须高于上一档（100 小时）', 'thresholds.3:positive:门槛时长须大于 0']);
    const en = await preview(city, [100, 300], 'en-US');
    expect(details(en)).toEqual(['thresholds:five:A star scheme has five thresholds']);
    const saved = await city.request({
      method: 'PUT',
      url: '/api/settings/star-scheme',
      payload: { thresholds: [100, 300, 300, 1000, 1500] },
      headers: { 'x-volunet-language': 'en-US' },
    });
    expect(details(saved)).toEqual(['thresholds.2:ascending:Each threshold is above the one before (300 h)']);
    expect((await city.request({ url: '/api/settings/star-scheme' })).json().national).toBe(true);
  });

  it('lets only the city office preview and save', async () => {
    expect((await preview(district, CITY_OWN)).statusCode).toBe(404);
    expect((await save(district, CITY_OWN)).statusCode).toBe(404);
    expect((await save(volunteer, CITY_OWN)).statusCode).toBe(404);
  });

  it('saves the city’s scheme, audited, and the volunteer’s stars follow it at once', async () => {
    const before = (await volunteer.request({ url: '/api/records/mine' })).json();
    expect(before.stars).toMatchObject({ stars: 1, scheme: [100, 300, 600, 1000, 1500], nextAt: 300 });
    const response = await save(city, CITY_OWN);
    expect(response.json()).toMatchObject({ thresholds: CITY_OWN, national: false });
    const after = (await volunteer.request({ url: '/api/records/mine' })).json();
    expect(after.stars).toMatchObject({ stars: 2, scheme: CITY_OWN, nextAt: 500, hoursToNext: 250 });
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'stars.update'));
    expect(entry.summary).toEqual({ before: [100, 300, 600, 1000, 1500], after: CITY_OWN, national: false });
    // Back to the national scheme: the preview now compares against the city's.
    expect((await preview(city, [100, 300, 600, 1000, 1500])).json()).toMatchObject({ up: 0, down: 3 });
    expect((await save(city, [100, 300, 600, 1000, 1500])).json().national).toBe(true);
  });
});
