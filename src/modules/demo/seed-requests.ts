import type { SQL } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { type Columns, type Row, RowBuffer, StatementQueue, withBulkLoad } from '../../db/bulk-insert.ts';
import type { Db, Executor } from '../../db/client.ts';
import { todayInChina } from '../../platform/clock.ts';
import { EMERGENCY_PROJECT } from '../emergency/index.ts';
import { REQUESTS_PROJECT } from '../requests/index.ts';
import { generateBeneficiaries } from './demo-beneficiaries.ts';
import { CALL_COLUMNS, EMERGENCY_COLUMNS, FLOOD_DAYS_AGO, floodCall, hotlineCalls, RESPONSE_COLUMNS } from './demo-calls.ts';
import { addDays, demoUuid, makeRng } from './demo-random.ts';
import {
  type Actors,
  ASSIGNMENT_COLUMNS,
  assignmentRows,
  BENEFICIARY_COLUMNS,
  beneficiaryRow,
  EVENT_COLUMNS,
  eventRows,
  type NumberedRequest,
  REQUEST_COLUMNS,
  requestRow,
} from './demo-request-rows.ts';
import { chinaDate, type DemoRequest, requestGenerator, type Servers } from './demo-requests.ts';
import { serveAsDemoVolunteer, todaysWork } from './demo-today.ts';
import { seedPastRecords } from './seed-records.ts';
import * as q from './seed-requests.queries.ts';

/**
 * The demand side of the demo city (issue 18): every volunteer's reach, beneficiaries, a year of
 * requests with their events and assignments, the demo operator's hotline log and the district's
 * past emergency call, plus today's work for the demo accounts (open requests in their community
 * and at their station, one escalated, one low rating awaiting the office, the resident's own).
 * Every request volunteers were put on is a real shift, as assigning makes it: the organization's
 * demand-service project, an activity, a position, accepted enrollments; the served ones have their
 * check-in and out and a confirmed service record with its hours in the ledger, the demo volunteer's
 * among them. Once: skipped when beneficiaries exist. In one transaction, written in bulk.
 */

export interface RequestsSummary {
  skipped: boolean;
  reach: number;
  beneficiaries: number;
  requests: number;
  events: number;
  /** Requests made into shifts, and the confirmed records of the served ones. */
  shifts: number;
  servedRecords: number;
  calls: number;
  emergencyResponses: number;
}

export interface RequestsSeed {
  demoCommunity: string;
  demoStreet: string;
  demoDistrict: string;
  demoOrganizationId: string;
  demoStationId: string;
  /** The demo volunteer's account: they served some of the demo organization's requests. */
  demoVolunteerAccountId?: string | null;
  onProgress?: (fraction: number) => void;
}

const BATCH = 5_000;
const BULK_LOAD = 50_000;
const BULK_TABLES = ['service_requests', 'request_events', 'request_assignments', 'hotline_calls'];
const LOGINS = ['resident', 'operator', 'community', 'station', 'district', 'org'];

export async function seedRequests(db: Db, config: Config, seed: RequestsSeed): Promise<RequestsSummary> {
  const nothing = {
    skipped: true,
    reach: 0,
    beneficiaries: 0,
    requests: 0,
    events: 0,
    shifts: 0,
    servedRecords: 0,
    calls: 0,
    emergencyResponses: 0,
  };
  if (await q.hasBeneficiaries(db)) return nothing;
  return db.transaction(async (tx) => {
    if (await q.hasBeneficiaries(tx)) return nothing;
    const now = new Date();
    const today = todayInChina(now);
    const reach = await q.insertVolunteerReach(tx);
    const communities = await q.communities(tx);
    const accounts = await q.accountsByLogin(tx, LOGINS);
    const account = (login: string) => accounts.get(login) ?? null;
    const { organizations, stations } = await q.servers(tx);
    const stationsByCommunity = new Map(stations.map((s) => [s.area_code, s.id]));
    const beneficiaries = generateBeneficiaries({
      today,
      communities,
      stationsByCommunity,
      demo: {
        community: seed.demoCommunity,
        stationId: seed.demoStationId,
        residentAccountId: account('resident'),
        communityAccountId: account('community'),
        stationAccountId: account('station'),
      },
    });
    const servers = await serversOf(tx, organizations);
    const categories = new Map((await q.categories(tx)).map((c) => [c.code, { maxVolunteers: c.max_volunteers, guard: c.guard }]));
    const pool = [...new Set([...servers.allOrganizations.flatMap((o) => o.members), ...[...servers.neighbours.values()].flat()])];
    const generate = requestGenerator({
      today,
      now,
      busy: await q.shiftDays(tx, pool),
      categories,
      servers,
      demo: {
        organizationId: seed.demoOrganizationId,
        street: seed.demoStreet,
        community: seed.demoCommunity,
        operatorAccountId: account('operator'),
        stationId: seed.demoStationId,
        stationAccountId: account('station'),
        communityAccountId: account('community'),
      },
    });
    const planned = beneficiaries.flatMap((b) => generate.forBeneficiary(b));
    planned.push(...todaysWork(generate, beneficiaries, seed, now, today));
    const requests = await numbered(tx, planned);
    const demoVolunteer = seed.demoVolunteerAccountId ? await q.volunteerOfAccount(tx, seed.demoVolunteerAccountId) : null;
    if (demoVolunteer)
      serveAsDemoVolunteer(
        requests,
        {
          volunteerId: demoVolunteer,
          organizationId: seed.demoOrganizationId,
          busyDays: new Set([...(await q.shiftDays(tx, [demoVolunteer]))].map((k) => k.slice(k.indexOf('|') + 1))),
        },
        now,
      );
    seed.onProgress?.(0.5);

    const operator = account('operator');
    const calls = operator
      ? hotlineCalls(config, { operatorAccountId: operator, cityCode: seed.demoDistrict.slice(0, 4), today, now, requests })
      : [];
    const write = async () => {
      const queue = new StatementQueue(tx);
      await writeRows(queue, 'beneficiaries', BENEFICIARY_COLUMNS, beneficiaries, (b) => [beneficiaryRow(config, b)]);
      const areaNames = new Map(communities.map((c) => [c.code, c.name]));
      await writeRows(queue, 'service_requests', REQUEST_COLUMNS, requests, (r) => [
        requestRow(config, r, areaNames.get(r.beneficiary.areaCode) ?? ''),
      ]);
      const actors = actorsOf(seed, account);
      const events = await writeRows(queue, 'request_events', EVENT_COLUMNS, requests, (r) => eventRows(r, actors));
      await writeRows(queue, 'request_assignments', ASSIGNMENT_COLUMNS, requests, (r) => assignmentRows(r, actors));
      await writeRows(queue, 'hotline_calls', CALL_COLUMNS, calls, (c) => [c]);
      await queue.drain();
      return events;
    };
    // The whole city's half a million events load faster with their indexes built and keys checked afterwards.
    const events = requests.length >= BULK_LOAD ? await withBulkLoad(tx, BULK_TABLES, '256MB', write) : await write();
    const shifts = await q.insertRequestShifts(tx, REQUESTS_PROJECT);
    const emergencyResponses = await seedFloodCall(tx, seed, today, account('district'), communities);
    const served = await seedPastRecords(tx, config.ledgerKey, 'requests');
    await q.analyzeRequests(tx);
    seed.onProgress?.(1);
    return {
      skipped: false,
      reach,
      beneficiaries: beneficiaries.length,
      requests: requests.length,
      events,
      shifts: shifts.activities,
      servedRecords: served.confirmed,
      calls: calls.length,
      emergencyResponses,
    };
  });
}

async function serversOf(tx: Executor, organizations: { id: string; area_code: string; members: string[] | null }[]): Promise<Servers> {
  const all = organizations.map((o) => ({ id: o.id, areaCode: o.area_code, members: o.members ?? [] }));
  const within = (length: number) => {
    const map = new Map<string, typeof all>();
    for (const o of all.filter((o) => o.areaCode.length >= length))
      map.set(o.areaCode.slice(0, length), [...(map.get(o.areaCode.slice(0, length)) ?? []), o]);
    return map;
  };
  const neighbours = new Map((await q.neighbours(tx)).map((n) => [n.area_code, n.ids]));
  return {
    byStreet: within(9),
    byDistrict: within(6),
    city: all.filter((o) => o.areaCode.length === 4),
    allOrganizations: all,
    neighbours,
  };
}

/** Ids and request numbers in the order raised: XQ + the China date + the sequence (XQ20261207000123). */
async function numbered(tx: Executor, planned: DemoRequest[]): Promise<NumberedRequest[]> {
  planned.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const sequence = await q.requestSequence(tx, planned.length);
  const rng = makeRng(12_355);
  const out = planned.map((r, k) =>
    Object.assign(r, {
      id: demoUuid(12, k),
      requestNo: `XQ${chinaDate(r.createdAt).replaceAll('-', '')}${String(sequence[k]).padStart(6, '0')}`,
      // One in five assigned requests was published and taken by a volunteer nearby.
      taken: !!r.life.steps.assignedAt && !r.beneficiary.accountId && rng.chance(0.2),
    }),
  );
  return out as NumberedRequest[];
}

function actorsOf(seed: RequestsSeed, account: (login: string) => string | null): Actors {
  return {
    office: (r) => (r.beneficiary.areaCode === seed.demoCommunity ? account('community') : null),
    organization: (r) => (r.organizationId === seed.demoOrganizationId ? account('org') : null),
  };
}

/** Writes the rows of each item in batches; answers how many rows were written. */
async function writeRows<C extends Columns, T>(
  queue: StatementQueue,
  table: string,
  columns: C,
  items: T[],
  rowsOf: (item: T) => Row<C>[],
) {
  const buffer = new RowBuffer(table, columns);
  let n = 0;
  for (const item of items) {
    for (const row of rowsOf(item)) {
      buffer.push(row);
      n++;
    }
    if (buffer.length >= BATCH) await queue.push(buffer.take());
  }
  await queue.push(buffer.take());
  return n;
}

async function seedFloodCall(
  tx: Executor,
  seed: RequestsSeed,
  today: string,
  districtAccount: string | null,
  communities: { code: string; lat: number; lng: number }[],
): Promise<number> {
  const candidates = await q.emergencyCandidates(tx, seed.demoDistrict, 200, addDays(today, -FLOOD_DAYS_AGO));
  const centre = communities.find((c) => c.code === seed.demoCommunity);
  if (candidates.length === 0 || !centre) return 0;
  const callId = demoUuid(13, 0);
  const flood = floodCall({
    id: callId,
    today,
    candidates,
    createdBy: districtAccount,
    areaCode: seed.demoDistrict,
    lat: centre.lat,
    lng: centre.lng,
  });
  const calls = new RowBuffer('emergency_calls', EMERGENCY_COLUMNS);
  calls.push(flood.call);
  await tx.execute(calls.take() as SQL);
  const responses = new RowBuffer('emergency_responses', RESPONSE_COLUMNS);
  for (const r of flood.responses) responses.push(r);
  await tx.execute(responses.take() as SQL);
  // Those who turned out have the night's hours on their records, like any shift's.
  await q.insertCallShift(tx, callId, EMERGENCY_PROJECT, seed.demoOrganizationId);
  return flood.responses.length;
}
