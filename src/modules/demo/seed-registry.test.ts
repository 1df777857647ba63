import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { isValidVolunteerNo, normalizeMobile, parseResidentId, validateUscc } from '../../domain/identity/index.ts';
import { todayInChina } from '../../platform/clock.ts';
import { blindIndex, unseal } from '../../platform/pii.ts';
import { verifyLedger } from '../records/index.ts';
import { DEMO_ORGANIZATION_ID, DEMO_PASSWORD, DEMO_STATION_ID, seedDemo } from './seed-demo.ts';

let t: TestApp;
let first: Awaited<ReturnType<typeof seedDemo>>;
/** When seeding began: an activity that ends while the seed runs (minutes on a busy machine) is not yet past for it. */
let seededAt: Date;
const FIRST_COMMUNITY = '330102001001';
const FIRST_STREET = '330102001';
// The small city's registry, projects and activities, which this file checks, with a twentieth of
// its two years of history (seed-history.test.ts checks those): the 40 000 history records take
// about half of the time the small city takes to seed.
const SEED = { historyRecords: 2_000 };

beforeAll(async () => {
  t = await createTestApp();
  seededAt = new Date();
  first = await seedDemo(t.database.db, t.config, 'small', undefined, SEED);
});
afterAll(() => t.close());

const query = async <T>(text: string) => rowsOf<T>(await t.database.db.execute(sql.raw(text)));
const TABLES = [
  'areas',
  'accounts',
  'volunteers',
  'volunteer_sources',
  'organizations',
  'organization_events',
  'organization_members',
  'stations',
  'station_inspections',
  'projects',
  'activities',
  'enrollments',
  'service_records',
  'ledger_entries',
];
async function counts(): Promise<Record<string, number>> {
  const [row] = await query<Record<string, number>>(`select ${TABLES.map((n) => `(select count(*)::int from ${n}) as ${n}`).join(', ')}`);
  return row;
}

describe('the demo registry (small)', () => {
  it('has a believable number of volunteers, organizations and stations', async () => {
    const n = await counts();
    expect(first.registry).toMatchObject({
      skipped: false,
      volunteers: n.volunteers,
      // The awards demo makes the sanctioned volunteer a member of the demo organization afterwards.
      members: n.organization_members - (first.awards?.membersAdded ?? 0),
      stations: n.stations,
    });
    expect(n.volunteers).toBe(5_000);
    // Everyone is on one or two platforms, about 30 % on two: linked to one volunteer, never two.
    expect(n.volunteer_sources / n.volunteers).toBeGreaterThan(1.25);
    expect(n.volunteer_sources / n.volunteers).toBeLessThan(1.35);
    expect(n.organizations).toBe(60);
    expect(n.organization_members).toBeGreaterThan(60 * 15);
    expect(n.stations).toBe(30);
    expect(n.station_inspections).toBeGreaterThanOrEqual(15);
  });

  it('draws people from believable distributions', async () => {
    const [share] = await query<Record<string, number>>(`
      select avg((political_status in ('cpc_member', 'cpc_probationary'))::int)::float8 as cpc,
             avg((political_status = 'cyl_member')::int)::float8 as cyl,
             avg((school_type is not null)::int)::float8 as students,
             avg((languages @> '[{"code":"en"}]')::int)::float8 as english,
             avg((availability & ${(0b111 << 15) | (0b111 << 18)} <> 0)::int)::float8 as weekends,
             min(date_part('year', age(birth_date)))::int as youngest,
             max(date_part('year', age(birth_date)))::int as oldest,
             count(*) filter (where birth_date > current_date - interval '18 years'
               and (guardian_name is null or guardian_phone_cipher is null or guardian_consent_at is null))::int as minors_without_guardian,
             count(*) filter (where political_status = 'cyl_member' and birth_date < current_date - interval '31 years')::int as old_league,
             avg(jsonb_array_length(skills))::float8 as skills
      from volunteers`);
    expect(share.cpc).toBeGreaterThan(0.25);
    expect(share.cpc).toBeLessThan(0.35);
    expect(share.cyl).toBeGreaterThan(0.15);
    expect(share.cyl).toBeLessThan(0.25);
    expect(share.students).toBeGreaterThan(0.09);
    expect(share.students).toBeLessThan(0.15);
    expect(share.english).toBeGreaterThan(0.1);
    expect(share.english).toBeLessThan(0.2);
    expect(share.weekends).toBeGreaterThan(0.8);
    expect(share.skills).toBeGreaterThan(0.8);
    expect([share.youngest, share.oldest]).toEqual([8, 80]);
    expect(share.minors_without_guardian).toBe(0);
    expect(share.old_league).toBe(0);
  });

  it('stores every ID and phone sealed, and each opens to a valid one that matches the row', async () => {
    const rows = await query<{
      doc_cipher: string;
      doc_key_version: number;
      doc_index: string;
      phone_cipher: string;
      phone_key_version: number;
      birth_date: string;
      sex: string;
      volunteer_no: string;
    }>(
      'select doc_cipher, doc_key_version, doc_index, phone_cipher, phone_key_version, birth_date::text, sex, volunteer_no from volunteers',
    );
    const today = todayInChina();
    const keys = t.config.piiKeys;
    for (const row of rows) {
      const doc = unseal(keys, { cipher: row.doc_cipher, keyVersion: row.doc_key_version });
      const parsed = parseResidentId(doc, today);
      expect(parsed).toMatchObject({ ok: true, birthDate: row.birth_date, sex: row.sex });
      expect(row.doc_index).toBe(blindIndex(keys, 'document', `resident_id:${doc}`));
      expect(normalizeMobile(unseal(keys, { cipher: row.phone_cipher, keyVersion: row.phone_key_version }))).toBeDefined();
      expect(isValidVolunteerNo(row.volunteer_no)).toBe(true);
    }
    const dump = JSON.stringify(await query('select * from volunteers limit 50'));
    expect(dump).not.toMatch(/"\d{17}[\dX]"|"1[3-9]\d{9}"/);
  });

  it('links the demo volunteer account to an adult volunteer in the first community, a member of 西湖义工队', async () => {
    const me = await signIn(t.app, { login: '13800000001', password: DEMO_PASSWORD });
    const mine = (await me.request({ url: '/api/volunteers/me' })).json();
    expect(mine).toMatchObject({ name: '张志愿', areaCode: FIRST_COMMUNITY, ageGroup: 'adult', phoneMasked: '138****0001' });
    expect(mine.organizations).toEqual([
      expect.objectContaining({ organizationId: DEMO_ORGANIZATION_ID, organizationName: '西湖义工队', status: 'active' }),
    ]);
  });

  it('gives the demo volunteer one signed statement of each kind, each verifying, and issues none again', async () => {
    const me = await signIn(t.app, { login: '13800000001', password: DEMO_PASSWORD });
    const mine = (await me.request({ url: '/api/statements' })).json();
    expect(mine.map((s: { kind: string }) => s.kind).sort()).toEqual(['employerReference', 'residencePoints', 'schoolPractice']);
    for (const s of mine)
      expect((await t.app.inject({ url: `/api/verify/${s.code}` })).json()).toMatchObject({ result: 'valid', kind: s.kind });
    expect(first.statements).toBe(3);
  });

  it('has 西湖义工队 active in the first street with members its admin sees, and the demo station in the first community', async () => {
    const [org] = await query<{ name: string; status: string; area_code: string }>(
      `select name, status, area_code from organizations where id = '${DEMO_ORGANIZATION_ID}'`,
    );
    expect(org).toEqual({ name: '西湖义工队', status: 'active', area_code: FIRST_STREET });
    const admin = await signIn(t.app, { login: 'org', password: DEMO_PASSWORD });
    const members = (await admin.request({ url: `/api/organizations/${DEMO_ORGANIZATION_ID}/members` })).json();
    expect(members.length).toBeGreaterThanOrEqual(20);
    expect(members.filter((m: { role: string }) => m.role === 'leader')).toHaveLength(1);
    const [station] = await query<{ area_code: string; host_organization_id: string }>(
      `select area_code, host_organization_id from stations where id = '${DEMO_STATION_ID}'`,
    );
    expect(station).toEqual({ area_code: FIRST_COMMUNITY, host_organization_id: DEMO_ORGANIZATION_ID });
  });

  it('gives organizations of every kind valid credit codes, party branches, a status history and one suspension', async () => {
    const orgs = await query<{ kind: string; uscc: string | null; status: string; party: boolean; history: string[]; members: number }>(`
      select o.kind, o.uscc, o.status, o.has_party_branch as party,
             (select array_agg(e.to_status order by e.at) from organization_events e where e.organization_id = o.id) as history,
             (select count(*)::int from organization_members m where m.organization_id = o.id) as members
      from organizations o`);
    for (const o of orgs.filter((x) => x.kind === 'registered')) expect(validateUscc(o.uscc ?? '').ok).toBe(true);
    const history = (status: string) => orgs.filter((o) => o.status === status).map((o) => o.history.join('>'));
    expect(new Set(history('active'))).toEqual(new Set(['pending>active']));
    expect(history('suspended')).toEqual(['pending>active>suspended']);
    for (const o of orgs.filter((x) => x.status !== 'pending')) expect(o.members).toBeGreaterThanOrEqual(5);
    for (const o of orgs) expect(o.members).toBeLessThanOrEqual(80);
    const party = orgs.filter((o) => o.party).length / orgs.length;
    expect(party).toBeGreaterThan(0.5);
    expect(party).toBeLessThan(0.9);
    expect(new Set(orgs.map((o) => o.kind))).toEqual(new Set(['registered', 'filed', 'unit']));
  });

  it('adds nothing when seeded again', async () => {
    const before = await counts();
    const again = await seedDemo(t.database.db, t.config, 'small', undefined, SEED);
    expect(again.registry.skipped).toBe(true);
    expect(await counts()).toEqual(before);
  });
});

describe('the demo projects, activities and enrollments (small)', () => {
  it('has projects in every stage across categories, each with a timeline that ends at its status', async () => {
    expect(first.activities).toMatchObject({ skipped: false, projects: 80 });
    const statuses = await query<{ status: string }>('select distinct status from projects');
    expect(statuses.map((s) => s.status).sort()).toEqual(
      expect.arrayContaining(['recruiting', 'running', 'evaluated', 'draft', 'submitted']),
    );
    const categories = await query<{ n: number }>('select count(distinct category_code)::int n from projects');
    expect(categories[0].n).toBeGreaterThanOrEqual(8);
    const wrong = await query<{ id: string }>(`select p.id from projects p where p.status <> (
      select e.to_status from project_events e where e.project_id = p.id order by e.at desc limit 1)`);
    expect(wrong).toEqual([]);
  });

  it('has a year of activities, past and ahead, only for approved projects', async () => {
    const [span] = await query<{ past: number; ahead: number; unapproved: number }>(`select
      (select count(*)::int from activities where starts_at < now()) past,
      (select count(*)::int from activities where starts_at >= now()) ahead,
      (select count(*)::int from activities a join projects p on p.id = a.project_id where p.status in ('draft', 'submitted', 'rejected')) unapproved`);
    expect(span.past).toBeGreaterThan(300);
    expect(span.ahead).toBeGreaterThan(50);
    expect(span.unapproved).toBe(0);
  });

  it('keeps each position’s count of places with its enrollments, and no one in two places on one day', async () => {
    const mismatched = await query<{ id: string }>(`select p.id from positions p where p.accepted_count <> (
      select count(*) from enrollments e where e.position_id = p.id and e.status in ('accepted', 'no_show'))
      or p.accepted_count > p.headcount`);
    expect(mismatched).toEqual([]);
    const doubled = await query<{ n: number }>(`select count(*)::int n from (
      select e.volunteer_id, (a.starts_at at time zone 'Asia/Shanghai')::date from enrollments e join activities a on a.id = e.activity_id
      where e.status in ('accepted', 'no_show') group by 1, 2 having count(*) > 1) x`);
    expect(doubled[0].n).toBe(0);
    const [mix] = await query<{ waitlisted: number; accepted: number }>(`select
      count(*) filter (where status = 'waitlisted')::int waitlisted, count(*) filter (where status = 'accepted')::int accepted from enrollments`);
    expect(mix.accepted).toBeGreaterThan(2000);
    expect(mix.waitlisted).toBeGreaterThan(0);
  });
});

describe('the demo service records (small)', () => {
  it('records the past activities’ accepted people (not the demo logins): most confirmed into an intact ledger, recent ones waiting', async () => {
    expect(first.records.records).toBeGreaterThan(1000);
    const [mix] = await query<{
      unrecorded: number;
      logins: number;
      confirmed: number;
      pending: number;
      rejected: number;
      unchained: number;
    }>(`select
      (select count(*)::int from enrollments e join activities a on a.id = e.activity_id
        join volunteers v on v.id = e.volunteer_id
        where e.status = 'accepted' and a.status = 'scheduled' and a.ends_at < '${seededAt.toISOString()}' and v.account_id is null
          and not exists (select 1 from service_records r where r.enrollment_id = e.id)) unrecorded,
      (select count(*)::int from service_records r join volunteers v on v.id = r.volunteer_id where v.account_id is not null
        and not exists (select 1 from service_requests s where s.activity_id = r.activity_id)
        and not exists (select 1 from emergency_calls c where c.activity_id = r.activity_id)) logins,
      (select count(*)::int from service_records where status = 'confirmed') confirmed,
      (select count(*)::int from service_records where status = 'pending') pending,
      (select count(*)::int from service_records where status = 'rejected' and reject_reason is not null) rejected,
      (select count(*)::int from service_records r where r.status = 'confirmed'
        and (select sum(l.hours) from ledger_entries l where l.record_id = r.id) is distinct from r.credit_hours + r.added_hours) unchained`);
    expect(mix.unrecorded).toBe(0);
    expect(mix.logins).toBe(0);
    // The activities' records, the two years of history before them (seed-history.ts) and the served requests' and flood call's (seed-requests.ts).
    expect(mix.confirmed).toBe(first.records.confirmed + first.history.confirmed + first.requests.servedRecords);
    expect(mix.confirmed).toBeGreaterThan(mix.pending);
    expect(mix.pending).toBeGreaterThan(0);
    expect(mix.rejected).toBeGreaterThan(0);
    expect(mix.unchained).toBe(0);
    expect(await verifyLedger(t.database.db, t.config.ledgerKey)).toMatchObject({
      ok: true,
      entries: first.records.confirmed + first.history.ledgerEntries + first.requests.servedRecords,
    });
  });
});
