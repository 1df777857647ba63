import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeneficiary } from '../../../test/demand-factories.ts';
import { daysAhead, requestsWorld } from '../../../test/worlds/requests-world.ts';
import { rowsOf } from '../../db/client.ts';
import { remaskRequestPlaces } from './place-remask.ts';

type World = Awaited<ReturnType<typeof requestsWorld>>;
let w: World;
beforeAll(async () => {
  w = await requestsWorld();
});
afterAll(() => w.t.close());

const ctx = { actor: null, requestId: 'test-remask' };
const places = async (ids: string[]) =>
  rowsOf<{ id: string; masked: string; address: string | null }>(
    await w.db.execute(sql`select s.id, s.place_masked as masked, a.address from service_requests s
      left join activities a on a.id = s.activity_id where s.id in ${ids} order by s.request_no`),
  );

let day = 40;
async function request(address: string) {
  const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, address });
  const d = day++;
  return w.raise(w.community, {
    beneficiaryId: b.id,
    categoryCode: 'cleaning',
    channel: 'walk_in',
    windowStart: daysAhead(d, 9).toISOString(),
    windowEnd: daysAhead(d, 11).toISOString(),
  });
}

describe('re-masking the places stored before the one rule', () => {
  it('corrects each stored mask and its shift from the sealed place, page by page, once: a second run changes nothing', async () => {
    const rows = [await request('文三路100号3幢301室'), await request('文三路一百号三幢三零一室'), await request('学院路28号')];
    const ids = rows.map((r) => r.id as string);
    // One assigned before the fix: its shift copied the old mask.
    const triage = await w.stepOn(w.community, ids[0], { action: 'triage', organizationId: w.orgId });
    expect(triage.statusCode, triage.body).toBe(200);
    const v = await w.volunteer();
    const assign = await w.stepOn(w.orgAdmin, ids[0], { action: 'assign', volunteerIds: [v.id] });
    expect(assign.statusCode, assign.body).toBe(200);
    // As the rows were stored before the fix: the beneficiary's masked address (with the building), the old cut at a digit.
    const old = ['文新 · 社区 3 幢', '文三路一百号三幢三零一室', '学院路'];
    for (const [k, id] of ids.entries()) await w.db.execute(sql`update service_requests set place_masked = ${old[k]} where id = ${id}`);
    await w.db.execute(
      sql`update activities a set address = ${old[0]} from service_requests s where s.id = ${ids[0]} and a.id = s.activity_id`,
    );
    expect((await places(ids)).map((p) => p.masked)).toEqual(old);

    const progress: number[] = [];
    const first = await remaskRequestPlaces(w.db, w.t.config, ctx, { batch: 2, onProgress: (o) => progress.push(o.checked) });
    expect(first.fixed).toBe(3);
    expect(first.shifts).toBe(1);
    expect(first.checked).toBeGreaterThanOrEqual(3);
    // Pages of two, however many requests the other tests of the file left.
    expect(progress[0]).toBe(2);
    const fixed = await places(ids);
    expect(fixed.map((p) => p.masked)).toEqual(['文三路…', '文三路…', '学院路…']);
    expect(fixed[0].address).toBe('文三路…');
    const [audit] = rowsOf<{ summary: { fixed: number } }>(
      await w.db.execute(sql`select summary from audit_log where action = 'request.remaskPlaces' and request_id = 'test-remask'`),
    );
    expect(audit.summary.fixed).toBe(3);

    const again = await remaskRequestPlaces(w.db, w.t.config, ctx, { batch: 2 });
    expect(again).toEqual({ checked: first.checked, fixed: 0, shifts: 0 });
  });

  it('leaves a shift whose address an organizer changed since', async () => {
    const r = await request('文三路200号5幢');
    await w.stepOn(w.community, r.id, { action: 'triage', organizationId: w.orgId });
    const v = await w.volunteer();
    expect((await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [v.id] })).statusCode).toBe(200);
    await w.db.execute(sql`update service_requests set place_masked = '文三路200号' where id = ${r.id}`);
    await w.db.execute(
      sql`update activities a set address = '西门集合' from service_requests s where s.id = ${r.id} and a.id = s.activity_id`,
    );
    const outcome = await remaskRequestPlaces(w.db, w.t.config, ctx);
    expect(outcome).toMatchObject({ fixed: 1, shifts: 0 });
    const [p] = await places([r.id]);
    expect(p).toMatchObject({ masked: '文三路…', address: '西门集合' });
  });
});
