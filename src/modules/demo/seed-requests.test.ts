import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { normalizeMobile } from '../../domain/identity/index.ts';
import { DEFAULT_REQUEST_SLA, type RequestUrgency } from '../../domain/requests/catalog.ts';
import { maskPlace } from '../../domain/requests/place-mask.ts';
import { blindIndex, unseal } from '../../platform/pii.ts';
import { DEMO_VOLUNTEER } from './demo-people.ts';
import { DEMO_ORGANIZATION_ID, DEMO_PASSWORD, DEMO_STATION_ID, seedDemo } from './seed-demo.ts';

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
const COMMUNITY = '330102001001';
// A fifth of the small city (1 000 volunteers) with little history: the demand side is what this file checks.
const SEED = { scale: 0.2, historyRecords: 500 };

beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedDemo(t.database.db, t.config, 'small', undefined, SEED);
});
afterAll(() => t.close());

const query = async <T>(text: string) => rowsOf<T>(await t.database.db.execute(sql.raw(text)));
const one = async <T>(text: string) => (await query<T>(text))[0];
const accountId = async (login: string) => (await one<{ id: string }>(`select id from accounts where username = '${login}'`)).id;

describe('the demo volunteers’ reach', () => {
  it('puts every active volunteer near home, most open to requests, a fifth to emergencies (the demo volunteer too)', async () => {
    const r = await one<Record<string, number>>(`select
        (select count(*) from volunteers where status = 'active')::int as volunteers, count(*)::int as reach,
        avg(requests_opt_in::int)::float8 as requests, avg(emergency_opt_in::int)::float8 as emergency,
        count(*) filter (where quiet_from is not null)::int as quiet,
        max(greatest(abs(r.lat - a.lat) * 111, abs(r.lng - a.lng) * 96))::float8 as km,
        bool_and(r.emergency_opt_in) filter (where v.account_id is not null)::int as demo
      from volunteer_reach r join volunteers v on v.id = r.volunteer_id join areas a on a.code = v.area_code`);
    expect(r.reach).toBe(r.volunteers);
    expect(seeded.requests.reach).toBe(r.reach);
    expect(r.requests).toBeGreaterThan(0.75);
    expect(r.emergency).toBeGreaterThan(0.12);
    expect(r.emergency).toBeLessThan(0.3);
    expect(r.quiet).toBeGreaterThan(0);
    expect(r.km).toBeLessThan(1.6);
    expect(r.demo).toBe(1);
  });
});

describe('the demo beneficiaries', () => {
  it('are at least 200, mostly older people, each reachable, phones sealed and found by the hotline’s blind index', async () => {
    const rows = await query<{
      kind: string;
      phone_cipher: string | null;
      phone_key_version: number;
      phone_index: string;
      phone_masked: string;
      address_cipher: string;
      address_masked: string;
      contact_phone_cipher: string | null;
    }>(
      'select kind, phone_cipher, phone_key_version, phone_index, phone_masked, address_cipher, address_masked, contact_phone_cipher from beneficiaries',
    );
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(rows.filter((b) => b.kind.startsWith('elderly')).length / rows.length).toBeGreaterThan(0.5);
    for (const b of rows) {
      expect(b.address_cipher).toBeTruthy();
      expect(b.address_masked).toMatch(/ · .+ \d+ 幢$/);
      if (!b.phone_cipher) continue;
      const phone = unseal(t.config.piiKeys, { cipher: b.phone_cipher, keyVersion: b.phone_key_version });
      expect(normalizeMobile(phone)).toBe(phone);
      expect(b.phone_index).toBe(blindIndex(t.config.piiKeys, 'phone', phone));
      expect(b.phone_masked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    }
    expect(rows.filter((b) => b.contact_phone_cipher).length).toBeGreaterThan(rows.length / 2);
  });

  it('include some never served and some served far more than the rest', async () => {
    const r = await one<{ never: number; total: number; most: number; median: number }>(`select
        count(*) filter (where n = 0)::int as never, count(*)::int as total, max(n)::int as most,
        percentile_disc(0.5) within group (order by n)::int as median
      from (select b.id, count(s.id) as n from beneficiaries b left join service_requests s on s.beneficiary_id = b.id group by b.id) x`);
    expect(r.never / r.total).toBeGreaterThan(0.07);
    expect(r.never / r.total).toBeLessThan(0.2);
    expect(r.median).toBeGreaterThanOrEqual(3);
    expect(r.most).toBeGreaterThanOrEqual(15);
  });
});

describe('a year of demo requests', () => {
  it('spans the year, every channel and status, with rating mostly 4–5 and a few low ones', async () => {
    const r = await one<Record<string, number | string[]>>(`select
        (max(created_at) - min(created_at) > interval '300 days')::int as year,
        array_agg(distinct channel order by channel) as channels, array_agg(distinct status order by status) as statuses,
        avg((rating >= 4)::int) filter (where rating is not null)::float8 as good,
        count(*) filter (where rating <= 2)::int as low,
        count(*) filter (where status = 'merged' and merged_into is not null)::int as merged
      from service_requests`);
    expect(r.year).toBe(1);
    expect(r.channels).toEqual(['app', 'hotline', 'walk_in']);
    expect(r.statuses).toEqual(expect.arrayContaining(['assigned', 'cancelled', 'closed', 'merged', 'new', 'rated', 'triaged']));
    expect(r.good).toBeGreaterThan(0.75);
    expect(r.low).toBeGreaterThan(0);
    expect(r.merged).toBeGreaterThanOrEqual(1);
  });

  it('number each XQ + the China date it was raised + the sequence, and time each step after the one before, due by the SLA', async () => {
    const rows = await query<{
      request_no: string;
      day: string;
      urgency: RequestUrgency;
      triage: number;
      assign: number;
      ordered: boolean;
    }>(`select
        request_no, to_char(created_at at time zone 'Asia/Shanghai', 'YYYYMMDD') as day, urgency,
        extract(epoch from triage_due_at - created_at)::int / 60 as triage, extract(epoch from assign_due_at - created_at)::int / 60 as assign,
        coalesce(created_at < triaged_at, triaged_at is null) and coalesce(triaged_at < assigned_at, assigned_at is null)
          and coalesce(assigned_at < started_at, started_at is null) and coalesce(started_at < done_at, done_at is null)
          and coalesce(done_at < rated_at, rated_at is null) and coalesce(greatest(done_at, rated_at) < closed_at, closed_at is null)
          and coalesce(created_at < cancelled_at, cancelled_at is null) and greatest(created_at, closed_at, rated_at, cancelled_at) <= now() as ordered
      from service_requests`);
    for (const r of rows) {
      expect(r.request_no).toMatch(new RegExp(`^XQ${r.day}\\d{6}$`));
      expect([r.triage, r.assign]).toEqual([DEFAULT_REQUEST_SLA[r.urgency].triageMinutes, DEFAULT_REQUEST_SLA[r.urgency].assignMinutes]);
      expect(r.ordered, r.request_no).toBe(true);
    }
  });

  it('record an event for every step, and the guard’s overrides with a reason for foot washing and haircuts', async () => {
    const r = await one<Record<string, number>>(`select
        count(*) filter (where s.triaged_at is not null and not exists (select 1 from request_events e where e.request_id = s.id and e.kind = 'triaged'))::int as untriaged,
        count(*) filter (where s.closed_at is not null and not exists (select 1 from request_events e where e.request_id = s.id and e.kind = 'closed'))::int as unclosed,
        count(*) filter (where s.status = 'assigned' and not exists (select 1 from request_assignments a where a.request_id = s.id))::int as unstaffed,
        count(*) filter (where s.escalation_level > 0 and not exists (select 1 from request_events e where e.request_id = s.id and e.kind = 'escalated'))::int as silent,
        (select count(*) from request_events e join service_requests x on x.id = e.request_id
          where e.kind = 'guard_overridden' and x.category_code in ('foot_wash', 'haircut') and e.params->>'reason' <> '')::int as overrides,
        (select count(*) from request_events where kind = 'guard_warned')::int as warnings
      from service_requests s`);
    expect(r).toMatchObject({ untriaged: 0, unclosed: 0, unstaffed: 0, silent: 0 });
    expect(r.overrides).toBeGreaterThan(0);
    expect(r.warnings).toBeGreaterThan(0);
  });

  it('are served by organizations of their district (the city’s, where it has none) and their volunteers', async () => {
    const r = await one<{ outside: number; assigned: number; members: number }>(`select
        count(*) filter (where left(o.area_code, 6) <> left(s.area_code, 6) and length(o.area_code) > 4 and exists (
          select 1 from organizations d where d.status = 'active' and d.area_code like left(s.area_code, 6) || '%'))::int as outside,
        (select count(*) from request_assignments)::int as assigned,
        (select count(*) from request_assignments a join service_requests x on x.id = a.request_id
          join organization_members m on m.organization_id = x.organization_id and m.volunteer_id = a.volunteer_id)::int as members
      from service_requests s join organizations o on o.id = s.organization_id`);
    expect(r.outside).toBe(0);
    expect(r.assigned).toBeGreaterThan(0);
    expect(r.members / r.assigned).toBeGreaterThan(0.5);
  });
});

describe('the demo requests’ shifts', () => {
  it('show volunteers only the road: the masked place is the service’s rule over the sealed place', async () => {
    const rows = await query<{ cipher: string; version: number; masked: string; area: string }>(`select s.place_cipher as cipher,
        s.place_key_version as version, s.place_masked as masked, a.name as area
      from service_requests s join areas a on a.code = s.area_code`);
    expect(rows.length).toBe(seeded.requests.requests);
    for (const r of rows) {
      const place = unseal(t.config.piiKeys, { cipher: r.cipher, keyVersion: r.version });
      expect(r.masked).toBe(maskPlace(place, r.area));
      expect(r.masked).not.toMatch(/\d|幢|室/);
    }
  });

  it('make every staffed request a shift of its organization’s demand-service project, each volunteer accepted on it', async () => {
    const r = await one<Record<string, number>>(`select
        count(*) filter (where s.assigned_at is not null and s.status not in ('cancelled', 'merged'))::int as staffed,
        count(*) filter (where s.activity_id is not null)::int as shifts,
        count(*) filter (where s.activity_id is not null and (p.organization_id <> s.organization_id or p.kind <> 'demand_service'
          or a.starts_at <> s.window_start or a.ends_at <> s.window_end or a.address <> s.place_masked
          or x.headcount <> s.headcount or x.activity_id <> a.id))::int as wrong,
        (select count(*) from request_assignments ra join service_requests q on q.id = ra.request_id
          where q.activity_id is not null)::int as assignments,
        (select count(*) from request_assignments ra join service_requests q on q.id = ra.request_id
          join enrollments e on e.id = ra.enrollment_id
          where e.status = 'accepted' and e.position_id = q.position_id and e.volunteer_id = ra.volunteer_id)::int as enrolled,
        (select count(*) from service_requests q join positions x2 on x2.id = q.position_id
          where x2.accepted_count <> (select count(*) from enrollments e2 where e2.position_id = x2.id and e2.status = 'accepted'))::int as miscounted,
        (select count(*) from (select organization_id from projects where kind = 'demand_service'
          group by organization_id, category_code having count(*) > 1) d)::int as twice
      from service_requests s left join activities a on a.id = s.activity_id left join projects p on p.id = a.project_id
      left join positions x on x.id = s.position_id`);
    expect(r.staffed).toBeGreaterThan(0);
    expect(r).toMatchObject({ shifts: r.staffed, wrong: 0, enrolled: r.assignments, miscounted: 0, twice: 0 });
    expect(seeded.requests.shifts).toBe(r.shifts);
  });

  it('give every volunteer of a served request a confirmed record of the shift’s hours, checked in and out, in the ledger', async () => {
    const r = await one<Record<string, number>>(`select count(*)::int as served,
        count(*) filter (where sr.status = 'confirmed' and sr.check_in_at = a.starts_at and sr.check_out_at = a.ends_at
          and sr.credit_hours > 0 and sr.activity_id = a.id)::int as recorded,
        count(*) filter (where exists (select 1 from ledger_entries l where l.record_id = sr.id
          and l.hours = sr.credit_hours and l.volunteer_id = ra.volunteer_id))::int as ledgered
      from service_requests s join activities a on a.id = s.activity_id
      join request_assignments ra on ra.request_id = s.id
      left join service_records sr on sr.enrollment_id = ra.enrollment_id
      where s.status in ('done', 'rated', 'closed') and a.ends_at < now()`);
    expect(r.served).toBeGreaterThan(0);
    expect(r).toMatchObject({ recorded: r.served, ledgered: r.served });
    // The summary counts the past flood call's records too (one per volunteer who turned out).
    const flood = await one<{ n: number }>(`select count(*)::int as n from service_records sr
      join emergency_calls c on c.activity_id = sr.activity_id where sr.status = 'confirmed'`);
    expect(seeded.requests.servedRecords).toBe(r.served + flood.n);
    const open = await one<{
      n: number;
    }>(`select count(*)::int as n from service_records sr join service_requests s on s.activity_id = sr.activity_id
      where s.status in ('assigned', 'in_progress')`);
    expect(open.n).toBe(0);
  });

  it('let the demo volunteer see hours from requests they served among their records', async () => {
    const served = await query<{ request_no: string; title: string }>(`select s.request_no, a.title from service_requests s
      join activities a on a.id = s.activity_id join request_assignments ra on ra.request_id = s.id
      join volunteers v on v.id = ra.volunteer_id
      join accounts ac on ac.id = v.account_id
      where s.status in ('rated', 'closed') and s.organization_id = '${DEMO_ORGANIZATION_ID}'`);
    expect(served.length).toBeGreaterThanOrEqual(1);
    const session = await signIn(t.app, { login: DEMO_VOLUNTEER.phone, password: DEMO_PASSWORD });
    const mine = (await session.request({ url: '/api/records/mine' })).json() as {
      records: { activityTitle: string; status: string; ledgerHours: number }[];
      hours: { total: number };
    };
    for (const s of served) {
      const record = mine.records.find((m) => m.activityTitle === s.title);
      expect(record, s.request_no).toMatchObject({ status: 'confirmed' });
      expect(record?.ledgerHours).toBeGreaterThan(0);
    }
    expect(mine.hours.total).toBeGreaterThan(0);
  });
});

describe('the demo accounts’ work', () => {
  it('gives the resident their own record with past requests and one open', async () => {
    const rows = await query<{ status: string; channel: string }>(`select s.status, s.channel from service_requests s
      join beneficiaries b on b.id = s.beneficiary_id where b.account_id = '${await accountId('resident')}'`);
    expect(rows.filter((r) => ['closed', 'rated', 'done'].includes(r.status)).length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => ['new', 'triaged', 'assigned'].includes(r.status))).toHaveLength(1);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['app']));
  });

  it('gives the community office open requests today, one escalated, and a low rating awaiting it', async () => {
    const r = await one<Record<string, number>>(`select
        count(*) filter (where status in ('new', 'triaged') and created_at > now() - interval '1 day')::int as open,
        count(*) filter (where status = 'new' and escalation_level > 0 and triage_due_at < now())::int as escalated,
        count(*) filter (where status = 'rated' and rating <= 2)::int as low
      from service_requests where area_code = '${COMMUNITY}'`);
    expect(r.open).toBeGreaterThanOrEqual(3);
    expect(r.escalated).toBeGreaterThanOrEqual(1);
    expect(r.low).toBeGreaterThanOrEqual(1);
  });

  it('gives the demo organization requests of its street to staff and some served by its members', async () => {
    const r = await one<{ total: number; served: number }>(`select count(distinct s.id)::int as total,
        count(distinct s.id) filter (where s.status in ('done', 'rated', 'closed') and m.volunteer_id is not null)::int as served
      from service_requests s left join request_assignments a on a.request_id = s.id
      left join organization_members m on m.organization_id = s.organization_id and m.volunteer_id = a.volunteer_id
      where s.organization_id = '${DEMO_ORGANIZATION_ID}'`);
    expect(r.total).toBeGreaterThanOrEqual(10);
    expect(r.served).toBeGreaterThan(0);
  });

  it('gives the station people it registered and walk-ins waiting today', async () => {
    const r = await one<{ people: number; open: number }>(`select
        (select count(*) from beneficiaries where station_id = '${DEMO_STATION_ID}')::int as people,
        (select count(*) from service_requests where station_id = '${DEMO_STATION_ID}' and status in ('new', 'triaged')
          and created_at > now() - interval '1 day')::int as open`);
    expect(r.people).toBeGreaterThanOrEqual(5);
    expect(r.open).toBeGreaterThanOrEqual(2);
  });

  it('gives the operator a log of 1–6 minute calls from the beneficiaries’ numbers, some today, taking a third of the hotline’s requests', async () => {
    const operator = await accountId('operator');
    const calls = await query<{
      outcome: string;
      seconds: number;
      today: boolean;
      phone: string | null;
      index: string;
      cipher: string;
      version: number;
    }>(`select
        c.outcome, extract(epoch from c.ended_at - c.started_at)::int as seconds, c.started_at > now() - interval '1 day' as today,
        coalesce(b.phone_index, '') as phone, c.caller_phone_index as index, c.caller_phone_cipher as cipher, c.caller_phone_key_version as version
      from hotline_calls c left join beneficiaries b on b.id = c.beneficiary_id where c.operator_account_id = '${operator}'`);
    expect(calls.length).toBe(seeded.requests.calls);
    for (const c of calls) {
      expect(c.seconds).toBeGreaterThanOrEqual(60);
      expect(c.seconds).toBeLessThanOrEqual(360);
      expect(c.index).toBe(blindIndex(t.config.piiKeys, 'phone', unseal(t.config.piiKeys, { cipher: c.cipher, keyVersion: c.version })));
    }
    expect(calls.filter((c) => c.today).length).toBeGreaterThanOrEqual(3);
    expect([...new Set(calls.map((c) => c.outcome))]).toEqual(expect.arrayContaining(['request_taken', 'volunteer_lookup', 'information']));
    const share = await one<{ share: number }>(`select avg((created_by is not distinct from '${operator}')::int)::float8 as share
      from service_requests where channel = 'hotline' and status <> 'merged'`);
    expect(share.share).toBeGreaterThan(0.15);
    expect(share.share).toBeLessThan(0.5);
  });

  it('leaves the district a past flood call, filled, with the demo volunteer among the accepted', async () => {
    const r = await one<
      Record<string, number | string>
    >(`select c.status, c.headcount, c.accepted_count, c.created_by = '${await accountId('district')}' as by_district,
        count(*) filter (where x.response = 'accepted')::int as accepted, count(*) filter (where x.response = 'standby')::int as standby,
        count(*) filter (where x.response = 'declined')::int as declined,
        count(*) filter (where x.response = 'accepted' and v.account_id is not null)::int as demo
      from emergency_calls c join emergency_responses x on x.call_id = c.id join volunteers v on v.id = x.volunteer_id
      group by c.id`);
    expect(r).toMatchObject({ status: 'closed', by_district: true, demo: 1 });
    expect(r.accepted).toBe(r.headcount);
    expect(r.accepted_count).toBe(r.headcount);
    expect(r.standby).toBeGreaterThan(0);
    expect(r.declined).toBeGreaterThan(0);
  });

  it('gives the flood call a shift run by an organization, with each who turned out holding 8 confirmed hours', async () => {
    const r = await one<Record<string, number | string | null>>(`select c.organization_id is not null as run,
        count(e.id)::int as enrolled,
        count(sr.id) filter (where sr.status = 'confirmed' and sr.credit_hours = 8)::int as confirmed,
        count(l.seq)::int as ledger
      from emergency_calls c join organizations o on o.id = c.organization_id
      left join enrollments e on e.position_id = c.position_id and e.status = 'accepted'
      left join service_records sr on sr.enrollment_id = e.id
      left join ledger_entries l on l.record_id = sr.id
      group by c.id`);
    expect(r.run).toBe(true);
    expect(r.enrolled).toBeGreaterThan(0);
    expect(r.confirmed).toBe(r.enrolled);
    expect(r.ledger).toBe(r.enrolled);
  });

  it('are written once: seeding again adds no request', async () => {
    const again = await seedDemo(t.database.db, t.config, 'small', undefined, SEED);
    expect(again.requests.skipped).toBe(true);
    const n = await one<{ n: number }>('select count(*)::int as n from service_requests');
    expect(n.n).toBe(seeded.requests.requests);
  });
});
