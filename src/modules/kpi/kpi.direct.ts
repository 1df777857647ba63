import type { Executor } from '../../db/client.ts';
import { AREA_LEVELS } from '../../domain/areas/area-code.ts';
import type { KpiInputs } from '../../domain/kpi/figures.ts';
import { addMonths, firstDay, type KpiWindow } from '../../domain/kpi/window.ts';
import { walkCoverageOf } from './kpi.registry.ts';
import * as q from './kpi-direct.queries.ts';

/**
 * The KPI inputs of one area computed straight from the raw tables (volunteers, the ledger and its
 * records, areas, organizations, stations), with plain aggregate queries and no rollup: the
 * yardstick the rollups are checked against in tests and timed against in the benchmark. They
 * must agree exactly. An area's subtree is `code LIKE prefix%`.
 */
export async function directInputsOf(db: Executor, code: string, window: KpiWindow): Promise<KpiInputs | undefined> {
  const within = `${code}%`;
  const from = firstDay(window.from);
  const until = firstDay(addMonths(window.until, 1));
  const area = await q.areaFigures(db, code);
  if (!area) return undefined;

  const people = await q.peopleCounts(db, within);
  const served = await q.servedTotals(db, within, from, until);
  const unitRows = await q.unitCounts(db, within);
  const units = Object.fromEntries(
    AREA_LEVELS.map((level) => {
      const row = unitRows.find((u) => u.level === level);
      return [level, { units: row?.units ?? 0, withOrganization: row?.with_org ?? 0 }];
    }),
  ) as KpiInputs['units'];
  const stations = await q.stationCounts(db, within);

  const walk = await walkCoverageOf(db, code);
  return {
    residents: area.population,
    registered: people.registered,
    registeredAllPlatforms: area.all_platforms,
    cadres: people.cadres,
    college: people.college,
    school: people.school,
    neverServed: people.never_served,
    active: Number(served.active),
    activePartyLeague: Number(served.active_pl),
    hours: Number(served.hours),
    cadreHours: Number(served.cadre_hours),
    collegeHours: Number(served.college_hours),
    schoolHours: Number(served.school_hours),
    units,
    stations: { open: stations.open, toStandard: stations.to_standard, floorArea: Number(stations.floor_area) },
    walk: {
      residents: walk.communities.reduce((sum, c) => sum + c.population, 0),
      covered: walk.communities.reduce((sum, c) => sum + (walk.covered.has(c.code) ? c.population : 0), 0),
    },
  };
}
