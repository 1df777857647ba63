import { AREA_LEVELS, type AreaLevel } from '../areas/area-code.ts';
import { evaluateKpi, type KpiCode, type KpiEvaluation, type KpiFigure, kpisAtLevel } from './catalogue.ts';

/**
 * Everything the KPIs of one area and one 12-month window are computed from. The rollups and
 * the direct queries over the raw tables each produce these counts and sums; the ratios, targets
 * and verdicts are then computed here once, so the two can only differ in the counts themselves.
 * Definitions: docs/kpi.md.
 */
export interface KpiInputs {
  /** The area's own population figure (areas.population). */
  residents: number;
  /** Volunteers registered on Volunet in the area's subtree (status active or suspended). */
  registered: number;
  /** The office's figure for all registered volunteers on every platform, or null when none was entered. */
  registeredAllPlatforms: number | null;
  /** Registered CPC members whose status is also cadre (党员干部). */
  cadres: number;
  /** Registered college students, and secondary or primary pupils. */
  college: number;
  school: number;
  /** Registered volunteers with no confirmed record ever. */
  neverServed: number;
  /** Registered volunteers with a confirmed record dated in the window, and those of them who are CPC or CYL members. */
  active: number;
  activePartyLeague: number;
  /** Confirmed ledger hours dated in the window: everyone's, cadres', college students', pupils'. */
  hours: number;
  cadreHours: number;
  collegeHours: number;
  schoolHours: number;
  /** Administrative units of each level in the subtree, and those with an active volunteer organization of their own. */
  units: Record<AreaLevel, { units: number; withOrganization: number }>;
  /** Open stations in the subtree, those whose latest inspection met every standard in force, and their floor area (m²). */
  stations: { open: number; toStandard: number; floorArea: number };
  /** Residents of the subtree's communities, and of those within the walking time of an open station. */
  walk: { residents: number; covered: number };
}

const f = (numerator: number, denominator: number): KpiFigure => ({ numerator, denominator });

const orgCoverage = (i: KpiInputs, level: AreaLevel) => f(i.units[level].withOrganization, i.units[level].units);

export function kpiFigures(i: KpiInputs): Record<KpiCode, KpiFigure> {
  return {
    registeredShare: f(i.registered, i.residents),
    // The office's figure can lag behind Volunet's own count; no platform can hold more than all.
    unifiedPlatformShare: f(i.registered, i.registeredAllPlatforms === null ? 0 : Math.max(i.registeredAllPlatforms, i.registered)),
    activeShare: f(i.active, i.registered),
    neverServedShare: f(i.neverServed, i.registered),
    hoursPerVolunteer: f(i.hours, i.registered),
    partyLeagueShare: f(i.activePartyLeague, i.active),
    orgCoverageCity: orgCoverage(i, 'city'),
    orgCoverageDistrict: orgCoverage(i, 'district'),
    orgCoverageStreet: orgCoverage(i, 'street'),
    orgCoverageCommunity: orgCoverage(i, 'community'),
    stationsToStandard: f(i.stations.toStandard, i.stations.open),
    walkCoverage: f(i.walk.covered, i.walk.residents),
    floorAreaPer10k: f(i.stations.floorArea, i.registered),
    collegePracticeHours: f(i.collegeHours, i.college),
    schoolPracticeHours: f(i.schoolHours, i.school),
    cadreHours: f(i.cadreHours, i.cadres),
  };
}

/** Every KPI reported at the area's level, evaluated against its target. */
export function evaluateKpis(level: AreaLevel, inputs: KpiInputs): KpiEvaluation[] {
  const figures = kpiFigures(inputs);
  return kpisAtLevel(level).map((d) => evaluateKpi(d, figures[d.code]));
}

/** Inputs of an area with nothing in it (a new community): every KPI says "no data". */
export function emptyInputs(): KpiInputs {
  return {
    residents: 0,
    registered: 0,
    registeredAllPlatforms: null,
    cadres: 0,
    college: 0,
    school: 0,
    neverServed: 0,
    active: 0,
    activePartyLeague: 0,
    hours: 0,
    cadreHours: 0,
    collegeHours: 0,
    schoolHours: 0,
    units: Object.fromEntries(AREA_LEVELS.map((l) => [l, { units: 0, withOrganization: 0 }])) as KpiInputs['units'],
    stations: { open: 0, toStandard: 0, floorArea: 0 },
    walk: { residents: 0, covered: 0 },
  };
}

/** Who counts (docs/kpi.md): registered is active or suspended (not deregistered, not a merged duplicate). */
export const REGISTERED_STATUSES = ['active', 'suspended'] as const;
/** CPC members, probationary members included (预备党员), and CYL members. */
export const PARTY_STATUSES = ['cpc_member', 'cpc_probationary'] as const;
export const LEAGUE_STATUSES = ['cyl_member'] as const;
/** School practice hours: college (高（职）院校) and pupils of secondary and primary schools (中小学校). */
export const PUPIL_SCHOOL_TYPES = ['secondary', 'primary'] as const;
