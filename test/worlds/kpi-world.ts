import { sql } from 'drizzle-orm';
import type { Config } from '../../src/config.ts';
import { type Db, rowsOf } from '../../src/db/client.ts';
import { appendLedger } from '../../src/modules/records/index.ts';
import type { Profile } from '../../src/modules/volunteers/index.ts';
import { buildOrganization, buildVolunteer } from '../factories.ts';

/**
 * The small city the KPI tests compute by hand (docs/kpi.md has the definitions): city 9901 with
 * districts A (990101: street 990101001, communities …001 and …002) and B (990102: street 990102001,
 * community …001), nine volunteers, records confirmed, rejected and pending in 2023–2025, corrections,
 * organizations and stations with inspections.
 */
export const AREA = {
  city: '9901',
  a: '990101',
  a1: '990101001',
  a1a: '990101001001',
  a1b: '990101001002',
  b: '990102',
  b1: '990102001',
  b1a: '990102001001',
} as const;

export class KpiWorld {
  org = '';
  v: Record<string, string> = {};
  records: Record<string, string> = {};

  constructor(
    readonly db: Db,
    readonly config: Config,
  ) {}

  async volunteer(key: string, areaCode: string, profile: Profile, createdAt: string) {
    this.v[key] = (await buildVolunteer(this.db, this.config, { areaCode, profile })).id;
    await this.db.execute(sql`update volunteers set created_at = ${createdAt}::timestamptz where id = ${this.v[key]}`);
  }

  /** A service record; a confirmed one puts its credit and added hours into the ledger, as confirmRecord does. */
  async record(
    key: string,
    volunteer: string,
    serviceDate: string,
    status: 'confirmed' | 'pending' | 'rejected',
    credit: number,
    added = 0,
  ) {
    const [row] = rowsOf<{ id: string }>(
      await this.db.execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place,
          person_in_charge, channel, credit_hours, added_hours, status)
        values (${this.v[volunteer]}, ${this.org}, ${`活动 ${key}`}, ${serviceDate}::date, '社区活动室', '负责人', 'manual',
          ${credit}, ${added}, ${status}) returning id`),
    );
    this.records[key] = row.id;
    if (status !== 'confirmed') return;
    const at = new Date().toISOString();
    const facts = [
      ...(credit > 0 ? [{ kind: 'credit' as const, hours: String(credit) }] : []),
      ...(added > 0 ? [{ kind: 'added' as const, hours: String(added) }] : []),
    ].map((f) => ({ ...f, volunteerId: this.v[volunteer], recordId: row.id, at }));
    await this.db.transaction((tx) => appendLedger(tx, this.config.ledgerKey, facts));
  }

  /** An accepted correction: a ledger entry for the difference. */
  async correct(record: string, volunteer: string, delta: number) {
    await this.db.transaction((tx) =>
      appendLedger(tx, this.config.ledgerKey, [
        {
          volunteerId: this.v[volunteer],
          recordId: this.records[record],
          kind: 'correction',
          hours: String(delta),
          at: new Date().toISOString(),
        },
      ]),
    );
  }

  async station(areaCode: string, values: { lat?: number; lng?: number; floorArea: number; status?: 'open' | 'closed' }) {
    const [row] = rowsOf<{ id: string }>(
      await this.db.execute(sql`insert into stations (name, kind, area_code, lat, lng, address, floor_area, status)
        values ('服务站', 'service_station', ${areaCode}, ${values.lat ?? null}, ${values.lng ?? null}, '地址', ${values.floorArea},
          ${values.status ?? 'open'}) returning id`),
    );
    return row.id;
  }

  async inspect(stationId: string, on: string, itemsMet: string[]) {
    await this.db.execute(sql`insert into station_inspections (station_id, inspected_on, inspector_name, items_met)
      values (${stationId}, ${on}::date, '检查员', ${sql.param(itemsMet)}::text[])`);
  }

  async activeStandards(): Promise<string[]> {
    const rows = rowsOf<{ code: string }>(await this.db.execute(sql`select code from station_standards where active order by code`));
    return rows.map((r) => r.code);
  }

  /** Factories give every area a population of 1000 and the same centre: the world's own figures go in last. */
  async setArea(code: string, population: number, lat: number | null = null, lng: number | null = null) {
    await this.db.execute(sql`update areas set population = ${population}, lat = ${lat}, lng = ${lng} where code = ${code}`);
  }

  async build() {
    const { db, config } = this;
    this.org = await buildOrganization(db, config, { areaCode: AREA.city });
    await buildOrganization(db, config, { areaCode: AREA.a });
    await buildOrganization(db, config, { areaCode: AREA.a1a });
    await buildOrganization(db, config, { areaCode: AREA.b, status: 'pending' });
    await buildOrganization(db, config, { areaCode: AREA.b1 });

    await this.volunteer('v1', AREA.a1a, { politicalStatus: 'cpc_member', cadre: true }, '2024-05-15T02:00:00Z');
    await this.volunteer(
      'v2',
      AREA.a1a,
      { politicalStatus: 'cyl_member', schoolName: '某大学', schoolType: 'college' },
      '2024-05-15T02:00:00Z',
    );
    await this.volunteer(
      'v3',
      AREA.a1a,
      { politicalStatus: 'non_affiliated', schoolName: '某中学', schoolType: 'secondary' },
      '2024-05-15T02:00:00Z',
    );
    await this.volunteer('v4', AREA.a1a, { politicalStatus: 'non_affiliated' }, '2024-05-15T02:00:00Z');
    await this.volunteer('v5', AREA.a1b, { politicalStatus: 'non_affiliated' }, '2025-02-10T02:00:00Z');
    await this.volunteer('v6', AREA.a1b, { politicalStatus: 'cpc_member' }, '2025-02-20T02:00:00Z');
    await this.volunteer('v7', AREA.b1a, { schoolName: '某小学', schoolType: 'primary' }, '2023-01-01T02:00:00Z');
    await this.volunteer('v8', AREA.b1a, { politicalStatus: 'cpc_member', cadre: true }, '2025-06-01T02:00:00Z');
    // 20:00 UTC on 31 July is 04:00 on 1 August in China: an August registration.
    await this.volunteer('v9', AREA.a1b, { politicalStatus: 'non_affiliated' }, '2025-07-31T20:00:00Z');

    await this.record('r1', 'v1', '2025-03-10', 'confirmed', 4);
    await this.record('r2', 'v1', '2025-11-20', 'confirmed', 3, 1);
    await this.record('r3', 'v1', '2024-06-01', 'confirmed', 5);
    await this.record('r4', 'v1', '2025-05-01', 'rejected', 2);
    await this.correct('r1', 'v1', 2);
    await this.record('r5', 'v2', '2025-01-15', 'confirmed', 3);
    await this.correct('r5', 'v2', -1);
    await this.record('r6', 'v3', '2024-12-31', 'confirmed', 1.5);
    await this.record('r7', 'v3', '2025-07-04', 'pending', 2);
    await this.record('r8', 'v4', '2025-02-02', 'rejected', 3);
    await this.record('r9', 'v5', '2025-12-31', 'confirmed', 8);
    // Served months exactly 12 and 11 months apart: active without a break either way.
    await this.record('r20', 'v5', '2024-12-31', 'confirmed', 1);
    await this.record('r21', 'v1', '2023-07-07', 'confirmed', 1);
    await this.record('r10', 'v6', '2025-04-04', 'confirmed', 6);
    await this.record('r11', 'v7', '2023-01-10', 'confirmed', 2);
    await this.record('r15', 'v7', '2025-03-03', 'confirmed', 2);
    await this.record('r12', 'v8', '2025-06-15', 'confirmed', 24);
    await this.record('r13', 'v8', '2025-09-09', 'confirmed', 0, 24);
    await this.record('r14', 'v8', '2025-10-10', 'confirmed', 12);
    await this.record('r16', 'v9', '2025-08-08', 'confirmed', 1);
    // v6 leaves the registry: their hours leave the figures with them.
    await db.execute(sql`update volunteers set status = 'deregistered' where id = ${this.v.v6}`);

    const all = await this.activeStandards();
    await db.execute(
      sql`insert into station_standards (code, name_zh, name_en, active) values ('kpi_retired', '旧标准', 'Retired', false)`,
    );
    const s1 = await this.station(AREA.a1a, { lat: 30.001, lng: 120, floorArea: 150.5 });
    await this.inspect(s1, '2025-01-01', all.slice(1));
    await this.inspect(s1, '2025-06-01', all);
    const s2 = await this.station(AREA.a, { lat: 30.3, lng: 120.3, floorArea: 49.5 });
    await this.inspect(s2, '2025-01-01', all);
    await this.inspect(s2, '2025-06-01', all.slice(1));
    await this.station(AREA.b1a, { lat: 30.2, lng: 120.2, floorArea: 1000, status: 'closed' });
    await this.station(AREA.b1a, { floorArea: 0 });

    await this.setArea(AREA.city, 70_020);
    await this.setArea(AREA.a, 30_020);
    await this.setArea(AREA.a1, 30_020);
    await this.setArea(AREA.a1a, 30_000, 30, 120);
    await this.setArea(AREA.a1b, 20, 30.05, 120);
    await this.setArea(AREA.b, 40_000);
    await this.setArea(AREA.b1, 40_000);
    await this.setArea(AREA.b1a, 40_000, 30.2, 120.2);
  }
}
