import type { Config } from '../../config.ts';
import { RowBuffer, StatementQueue, withIndexesBuiltAfter } from '../../db/bulk-insert.ts';
import type { Db, Executor } from '../../db/client.ts';
import type { AreaInput } from '../../domain/areas/area-rows.ts';
import { recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { VOLUNTEER_COLUMNS } from '../volunteers/index.ts';
import { AreaBook, Census, VolunteerPool } from './demo-census.ts';
import type { DemoSize } from './demo-city.ts';
import { peopleGenerator } from './demo-people.ts';
import { demoUuid } from './demo-random.ts';
import { SOURCE_COLUMNS, sourceRows, volunteerRow } from './demo-volunteer-rows.ts';
import * as q from './seed.queries.ts';
import { writeOrganizations, writeStations } from './seed-registry-orgs.ts';

export const REGISTRY_SIZES: Record<DemoSize, { volunteers: number; organizations: number; stations: number }> = {
  small: { volunteers: 5_000, organizations: 60, stations: 30 },
  city: { volunteers: 1_000_000, organizations: 20_000, stations: 3_000 },
};

/** The sizes of a demo city, scaled (a benchmark's quick run); organizations and stations keep at least a handful. */
export function registrySizes(size: DemoSize, scale = 1) {
  const s = REGISTRY_SIZES[size];
  if (scale === 1) return s;
  return {
    volunteers: Math.max(100, Math.round(s.volunteers * scale)),
    organizations: Math.max(20, Math.round(s.organizations * scale)),
    stations: Math.max(10, Math.round(s.stations * scale)),
  };
}

export interface RegistrySummary {
  skipped: boolean;
  volunteers: number;
  sources: number;
  organizations: number;
  members: number;
  stations: number;
  inspections: number;
}

export interface RegistrySeed {
  size: DemoSize;
  /** 1 = the size's own numbers; a benchmark's quick run takes a fraction. */
  scale?: number;
  areas: AreaInput[];
  /** The demo volunteer account, linked to volunteer 0. */
  demoAccountId: string | null;
  demoOrganizationId: string;
  demoStationId: string;
  onProgress: (done: number, stage: 'volunteers' | 'organizations' | 'stations') => void;
}

const VOLUNTEER_BATCH = 5_000;
const BULK_LOAD = 100_000;
const BULK_TABLES = ['volunteers', 'volunteer_sources', 'organization_members'];

/**
 * Reserves `n` volunteer numbers from the sequence in one round trip. Numbers come back as
 * runs (one, unless someone registered meanwhile); the returned function hands them out in order.
 */
async function reserveSequence(db: Executor, n: number): Promise<() => number> {
  const runs = await q.volunteerNumberRuns(db, n);
  let run = 0;
  let next = runs[0]?.[0] ?? 0;
  return () => {
    if (next > runs[run][1]) next = runs[++run][0];
    return next++;
  };
}

async function reference(db: Executor) {
  const skills = await q.builtinSkills(db);
  const standards = await q.activeStandards(db);
  return {
    skills: skills.map((s) => ({ code: s.code, needsCertificate: s.needs_certificate })),
    standards: standards.map((s) => ({ code: s.code, nameZh: s.name_zh })),
  };
}

/**
 * The registry of the demo city: volunteers (with where else they registered), organizations
 * with members and status history, stations with inspections. In one transaction, written in
 * bulk; skipped when the registry already has volunteers, so seeding twice adds nothing.
 */
export async function seedRegistry(db: Db, config: Config, seed: RegistrySeed): Promise<RegistrySummary> {
  const sizes = registrySizes(seed.size, seed.scale);
  const nothing = { skipped: true, volunteers: 0, sources: 0, organizations: 0, members: 0, stations: 0, inspections: 0 };
  if (await q.hasVolunteers(db)) return nothing;
  return db.transaction(async (tx) => {
    // Two seeds at once: the second waits here and then finds the volunteers of the first.
    await q.lockVolunteersTable(tx);
    if (await q.hasVolunteers(tx)) return nothing;
    const today = todayInChina();
    const ref = await reference(tx);
    const book = new AreaBook(seed.areas);
    const firstCommunity = seed.areas.find((a) => a.level === 'community')?.code ?? book.communities[0].code;
    const census = new Census(sizes.volunteers);
    const queue = new StatementQueue(tx);

    const load = async () => {
      const { sources } = await writeVolunteers(tx, config, queue, { seed, today, book, census, firstCommunity, skills: ref.skills });
      const orgCtx = { today, book, pool: new VolunteerPool(census, book), demoOrganizationId: seed.demoOrganizationId };
      const orgs = await writeOrganizations(config, queue, orgCtx, sizes.organizations, (done) => seed.onProgress(done, 'organizations'));
      await queue.drain();
      return { sources, ...orgs };
    };
    // A city's worth of rows loads faster into tables whose secondary indexes are built afterwards.
    const bulk = sizes.volunteers >= BULK_LOAD;
    if (bulk) await q.raiseMaintenanceMemory(tx);
    const { sources, organizations, members } = bulk ? await withIndexesBuiltAfter(tx, BULK_TABLES, load) : await load();
    const stationCtx = {
      today,
      book,
      organizations,
      demoStationId: seed.demoStationId,
      demoCommunity: firstCommunity,
      standards: ref.standards,
    };
    const { stations, inspections } = await writeStations(queue, stationCtx, sizes.stations);
    await queue.drain();
    seed.onProgress(stations, 'stations');
    const summary = {
      skipped: false,
      volunteers: census.count,
      sources,
      organizations: organizations.length,
      members,
      stations,
      inspections,
    };
    await recordAudit(
      tx,
      { actor: null, requestId: `seed-registry-${today}` },
      {
        action: 'demo.seed',
        entityType: 'registry',
        areaCode: book.city.code,
        actorLabel: 'demo seed',
        summary: { ...summary, size: seed.size },
      },
    );
    return summary;
  });
}

async function writeVolunteers(
  tx: Executor,
  config: Config,
  queue: StatementQueue,
  ctx: {
    seed: RegistrySeed;
    today: string;
    book: AreaBook;
    census: Census;
    firstCommunity: string;
    skills: { code: string; needsCertificate: boolean }[];
  },
) {
  const { census, book, today } = ctx;
  const nextNumber = await reserveSequence(tx, census.count);
  const person = peopleGenerator({
    today,
    communities: book.communities,
    demoCommunity: book.communities.findIndex((c) => c.code === ctx.firstCommunity),
    streetNames: new Map(book.streets.map((s) => [s.code, s.name])),
    districtCodes: book.districts.map((d) => d.code),
    skills: ctx.skills,
  });
  const volunteers = new RowBuffer('volunteers', VOLUNTEER_COLUMNS);
  const sources = new RowBuffer('volunteer_sources', SOURCE_COLUMNS);
  let sourceCount = 0;
  for (let i = 0; i < census.count; i++) {
    const p = person(i);
    census.record(p);
    const id = demoUuid(1, i);
    volunteers.push(volunteerRow(config, today, p, { id, sequence: nextNumber(), accountId: i === 0 ? ctx.seed.demoAccountId : null }));
    for (const row of sourceRows(p, id)) sources.push(row);
    sourceCount += p.sources.length;
    if (volunteers.length >= VOLUNTEER_BATCH || i === census.count - 1) {
      await queue.push(volunteers.take());
      await queue.push(sources.take());
      ctx.seed.onProgress(i + 1, 'volunteers');
    }
  }
  return { sources: sourceCount };
}
