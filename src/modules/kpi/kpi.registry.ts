import type { Executor } from '../../db/client.ts';
import { coveredCommunities, DEFAULT_WALK, type WalkSettings } from '../../domain/kpi/coverage.ts';
import { readSetting } from '../../platform/settings.ts';
import * as q from './kpi-registry.queries.ts';

/**
 * The registry figures of every area: administrative units with a volunteer organization, open
 * stations to standard and their floor area, residents within walking time of a station. Areas,
 * organizations and stations are few (thousands, not millions) and change rarely, so the table is
 * recomputed whole, in the refresh's transaction, whenever a trigger marked one of them changed.
 */

export const WALK_SETTING = 'kpi.walk';

declare module '../../platform/settings.ts' {
  interface CitySettings {
    /** Walking speed and detour behind "a station within 20 minutes' walk". */
    'kpi.walk': Partial<WalkSettings>;
  }
}

export async function walkSettingsOf(db: Executor): Promise<WalkSettings> {
  return { ...DEFAULT_WALK, ...((await readSetting(db, WALK_SETTING)) ?? {}) };
}

/**
 * The communities within `prefix` (a whole city with '') and which of them have an open station
 * (anywhere: a station across a district line serves just as well) within walking time of their centre.
 * A community without coordinates cannot be shown to be covered.
 */
export async function walkCoverageOf(db: Executor, prefix: string) {
  // One after the other: inside a transaction they share one connection.
  const communities = await q.communitiesWithin(db, prefix);
  const stations = await q.openStationPoints(db);
  const settings = await walkSettingsOf(db);
  const located = communities.filter((c): c is typeof c & { lat: number; lng: number } => c.lat !== null && c.lng !== null);
  const covered = coveredCommunities(located, stations, settings);
  return { communities, covered };
}

/** Recomputes kpi_area_registry when something it depends on changed (or it was never computed); true when it did. */
export async function refreshRegistryRollup(tx: Executor): Promise<boolean> {
  const marks = await q.takeRegistryMarks(tx);
  if (marks.n === 0 && !marks.never) return false;
  const { covered } = await walkCoverageOf(tx, '');
  await q.replaceRegistry(tx, covered);
  await q.markRegistryRefreshed(tx);
  return true;
}
