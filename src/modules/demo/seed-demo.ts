import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Grant, Role } from '../../domain/auth/roles.ts';
import { recordAudit } from '../../platform/audit.ts';
import { blindIndex } from '../../platform/pii.ts';
import { createAccount } from '../accounts/index.ts';
import { upsertAreas } from '../areas/index.ts';
import { findAccountByLogin } from '../auth/index.ts';
import { seedDemoBenefits } from '../benefits/index.ts';
import { seedDemoAwards, seedDemoSanction } from '../honours/index.ts';
import { backfillRecordPoints, pointsKeyOf, pointsRuleOf, timeBankRuleOf } from '../points/index.ts';
import { seedDemoStatements } from '../records/index.ts';
import { backfillTimeCredits, seedTimeBankDemo } from '../time-bank/index.ts';
import { type DemoSize, generateDemoCity } from './demo-city.ts';
import { DEMO_VOLUNTEER } from './demo-people.ts';
import * as q from './seed.queries.ts';
import { ACTIVITY_SIZES, seedActivities } from './seed-activities.ts';
import { HISTORY_SIZES, seedHistory } from './seed-history.ts';
import { seedPastRecords, seedRecords } from './seed-records.ts';
import { registrySizes, seedRegistry } from './seed-registry.ts';
import { seedRequests } from './seed-requests.ts';

export const DEMO_PASSWORD = 'Volunet@2026';

export interface DemoAccount {
  role: Role;
  login: string;
  displayName: string;
  phone?: string;
  grant: Omit<Grant, 'role'>;
}

// The registry seeds the organization (西湖义工队) and station the demo accounts are scoped to.
export const DEMO_ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';
export const DEMO_STATION_ID = '00000000-0000-4000-8000-000000000002';

/** One demo account per role, scoped into the first district, street and community. */
export function demoAccounts(areas: { code: string; level: string }[]): DemoAccount[] {
  const first = (level: string) => areas.find((a) => a.level === level)?.code ?? null;
  const [city, district, street, community] = ['city', 'district', 'street', 'community'].map(first);
  return [
    { role: 'city_admin', login: 'city', displayName: '杭州市志愿服务工作委员会', grant: { areaCode: city } },
    { role: 'district_admin', login: 'district', displayName: '上城区文明办', grant: { areaCode: district } },
    { role: 'street_admin', login: 'street', displayName: '清波街道志愿服务站', grant: { areaCode: street } },
    { role: 'community_admin', login: 'community', displayName: '社区志愿服务工作站', grant: { areaCode: community } },
    { role: 'org_admin', login: 'org', displayName: '西湖义工队管理员', grant: { organizationId: DEMO_ORGANIZATION_ID } },
    { role: 'station_keeper', login: 'station', displayName: 'U站站长', grant: { stationId: DEMO_STATION_ID } },
    { role: 'volunteer', login: DEMO_VOLUNTEER.phone, phone: DEMO_VOLUNTEER.phone, displayName: DEMO_VOLUNTEER.name, grant: {} },
    { role: 'resident', login: 'resident', displayName: '李居民', grant: {} },
    { role: 'operator', login: 'operator', displayName: '12355 热线坐席', grant: { areaCode: city } },
    { role: 'partner', login: 'partner', displayName: '浙江大学（合作方）', grant: {} },
    // A benefit partner's staff (issue 19): linked to 杭州博物馆 through benefit_partner_members.
    { role: 'partner', login: 'merchant', displayName: '杭州博物馆（礼遇单位）', grant: {} },
    { role: 'auditor', login: 'auditor', displayName: '审计员', grant: { areaCode: city } },
  ];
}

export async function isSeeded(db: Db): Promise<boolean> {
  return q.hasAreas(db);
}

export type SeedProgress = (done: number, total: number, stage: string) => void;

/**
 * Loads the demo city; safe to run again (areas are upserted, existing demo accounts kept, the
 * registry is written only into a registry without volunteers).
 */
export async function seedDemo(
  db: Db,
  config: Config,
  size: DemoSize,
  onProgress: SeedProgress = () => {},
  options: {
    scale?: number;
    /** Service records of the two years' history, in place of the size's (scaled) number. */
    historyRecords?: number;
  } = {},
) {
  const scale = options.scale ?? 1;
  const areas = generateDemoCity(size);
  const ctx = { actor: null, requestId: `seed-${Date.now()}` };
  const accounts = demoAccounts(areas);
  const sizes = registrySizes(size, scale);
  const historyRecords = options.historyRecords ?? Math.round(HISTORY_SIZES[size].records * scale);
  const projects = scale === 1 ? ACTIVITY_SIZES[size].projects : Math.max(10, Math.round(ACTIVITY_SIZES[size].projects * scale));
  // The demand side counts as one step per beneficiary (about one per 50 volunteers).
  const demand = Math.max(200, Math.round(sizes.volunteers / 50));
  const total =
    areas.length + accounts.length + sizes.volunteers + sizes.organizations + sizes.stations + projects + historyRecords + demand;
  await db.transaction(async (tx) => {
    for (let i = 0; i < areas.length; i += 500) {
      await upsertAreas(tx, areas.slice(i, i + 500));
      onProgress(Math.min(i + 500, areas.length), total, 'areas');
    }
    await recordAudit(tx, ctx, {
      action: 'area.import',
      entityType: 'area',
      areaCode: areas[0].code,
      actorLabel: 'demo seed',
      summary: { rows: areas.length, size },
    });
  });
  let done = areas.length;
  for (const account of accounts) {
    const lookup = account.phone ? { phoneIndex: blindIndex(config.piiKeys, 'phone', account.phone) } : { username: account.login };
    const exists = await findAccountByLogin(db, lookup);
    if (!exists) {
      await createAccount(db, config, ctx, {
        displayName: account.displayName,
        username: account.phone ? undefined : account.login,
        phone: account.phone,
        password: DEMO_PASSWORD,
        grants: [{ role: account.role, ...account.grant }],
      });
    }
    onProgress(++done, total, 'accounts');
  }
  const demoAccount = await findAccountByLogin(db, { phoneIndex: blindIndex(config.piiKeys, 'phone', DEMO_VOLUNTEER.phone) });
  const offsets = { volunteers: done, organizations: done + sizes.volunteers, stations: done + sizes.volunteers + sizes.organizations };
  const registry = await seedRegistry(db, config, {
    size,
    scale,
    areas,
    demoAccountId: demoAccount?.id ?? null,
    demoOrganizationId: DEMO_ORGANIZATION_ID,
    demoStationId: DEMO_STATION_ID,
    onProgress: (n, stage) => onProgress(offsets[stage] + n, total, stage),
  });
  if (registry.skipped) onProgress(total - demand - projects - historyRecords, total, 'registry');
  // Planner statistics for the freshly loaded tables now, not whenever autovacuum gets to them.
  else await q.analyzeRegistry(db);
  const activities = await seedActivities(
    db,
    size,
    (n) => onProgress(total - demand - projects - historyRecords + n, total, 'projects'),
    scale,
  );
  // Two years of service records (issue 6), once: with the registry, not into one seeded before;
  // the records of past activities load in the same bulk load.
  let records = { records: 0, confirmed: 0 };
  const history = registry.skipped
    ? { records: 0, confirmed: 0, ledgerEntries: 0 }
    : await db.transaction((tx) =>
        seedHistory(
          tx,
          config.ledgerKey,
          historyRecords,
          (n) => onProgress(total - demand - historyRecords + n, total, 'records'),
          async () => {
            records = await seedPastRecords(tx, config.ledgerKey);
            onProgress(total - demand - historyRecords, total, 'projects');
          },
        ),
      );
  if (registry.skipped) {
    records = await seedRecords(db, config.ledgerKey);
    onProgress(total - demand - historyRecords, total, 'projects');
  }
  if (history.records >= 1_000_000) await q.analyzeHistory(db);
  onProgress(total - demand, total, 'records');
  const scope = (role: Role) => accounts.find((a) => a.role === role)?.grant.areaCode ?? '';
  const requests = await seedRequests(db, config, {
    demoCommunity: scope('community_admin'),
    demoStreet: scope('street_admin'),
    demoDistrict: scope('district_admin'),
    demoOrganizationId: DEMO_ORGANIZATION_ID,
    demoStationId: DEMO_STATION_ID,
    demoVolunteerAccountId: demoAccount?.id ?? null,
    onProgress: (f) => onProgress(total - demand + Math.round(f * demand), total, 'requests'),
  });
  // One volunteer of the demo community barred from awards for falsified hours (issue 19).
  const sanction = await seedDemoSanction(db, scope('community_admin'), demoAccount?.id ?? null);
  // Last year's awards (on the demo volunteer's record), a notice with an objection, an open round.
  const awards = await seedDemoAwards(db, config, {
    cityCode: scope('city_admin'),
    organizationId: DEMO_ORGANIZATION_ID,
    demoAccountId: demoAccount?.id ?? null,
    sanctionedVolunteerId: sanction?.volunteerId ?? null,
  });
  // The confirmed records' points (issue 19), set-based, after every seeder that confirms records
  // (history, requests, the flood call); only records without them are posted.
  await db.transaction(async (tx) =>
    backfillRecordPoints(tx, pointsKeyOf(config.ledgerKey), await pointsRuleOf(tx), new Date().toISOString()),
  );
  // And the time bank's deposits of the eligible ones (elderly care, disability help), within the caps.
  await db.transaction(async (tx) => backfillTimeCredits(tx, config.ledgerKey, await timeBankRuleOf(tx), new Date().toISOString()));
  // The demo volunteer's family (a parent 60+ confirmed and given credits, a spouse to check), and community pools.
  await db.transaction(async (tx) => seedTimeBankDemo(tx, config.ledgerKey, config.piiKeys, demoAccount?.id ?? null));
  // The demo volunteer's signed statements, one of each kind (issue 19), once their hours are all in.
  const statements = await seedDemoStatements(db, config, demoAccount?.id ?? null);
  // Benefits (issue 19): partners, offers, and the demo volunteer's codes paid from the points above.
  const merchant = await findAccountByLogin(db, { username: 'merchant' });
  const benefits = await seedDemoBenefits(db, config, {
    areas: { city: scope('city_admin'), district: scope('district_admin'), community: scope('community_admin') },
    merchantAccountId: merchant?.id ?? null,
    volunteerAccountId: demoAccount?.id ?? null,
  });
  return { areas: areas.length, accounts, registry, activities, records, history, requests, sanction, awards, statements, benefits };
}
