import { AREA_LEVELS, type AreaLevel } from '../areas/area-code.ts';

/**
 * The KPI catalogue: what leaders see for their city, district, street or community, each with
 * its target and where the target comes from. Definitions in full: docs/kpi.md. Targets from the
 * seeds (shared/seeds/003: the municipal CPPCC research report, "力争在2020年…"; Shenzhen's
 * figures from its "深圳经验" section).
 */

export const KPI_CODES = [
  'registeredShare',
  'unifiedPlatformShare',
  'activeShare',
  'neverServedShare',
  'hoursPerVolunteer',
  'partyLeagueShare',
  'orgCoverageCity',
  'orgCoverageDistrict',
  'orgCoverageStreet',
  'orgCoverageCommunity',
  'stationsToStandard',
  'walkCoverage',
  'floorAreaPer10k',
  'collegePracticeHours',
  'schoolPracticeHours',
  'cadreHours',
] as const;
export type KpiCode = (typeof KPI_CODES)[number];

/** share: a fraction 0–1; hours: hours per person in the 12-month window; m2Per10k: m² per 10 000 volunteers. */
export type KpiUnit = 'share' | 'hours' | 'm2Per10k';
/** atLeast: value ≥ target ("不少于", "100%"); above: value > target ("超过"). */
export type Comparator = 'atLeast' | 'above';

export interface KpiTarget {
  value: number;
  comparator: Comparator;
  /** Where the figure comes from, for the page and docs/kpi.md. */
  source: string;
}

export interface KpiDefinition {
  code: KpiCode;
  unit: KpiUnit;
  /** Which way is better; a KPI without a target still has a direction for ranking. */
  direction: 'higher' | 'lower';
  target: KpiTarget | null;
  /** A figure to compare with that is not the target (Shenzhen's), shown beside it. */
  reference?: { value: number; source: string };
  /** The area levels the KPI is reported at. */
  levels: readonly AreaLevel[];
  /** value = numerator ÷ denominator × scale. */
  scale: number;
}

const ALL = AREA_LEVELS;
const SEED_2020 = 'shared/seeds/003 (市政协专题调研报告, 对策建议一: 力争在2020年…)';
const SHENZHEN = 'shared/seeds/003 (深圳经验)';

/** The levels at or above a level: units of that level are counted in those areas. */
const fromLevelUp = (level: AreaLevel) => AREA_LEVELS.slice(0, AREA_LEVELS.indexOf(level) + 1);

const def = (d: Omit<KpiDefinition, 'scale' | 'direction'> & Partial<Pick<KpiDefinition, 'scale' | 'direction'>>): KpiDefinition => ({
  scale: 1,
  direction: 'higher',
  ...d,
});

const full = (source: string): KpiTarget => ({ value: 1, comparator: 'atLeast', source });

export const KPI_CATALOGUE: readonly KpiDefinition[] = [
  def({
    code: 'registeredShare',
    unit: 'share',
    target: { value: 0.1, comparator: 'atLeast', source: `${SHENZHEN}: 每10个深圳人中就有1个志愿者` },
    levels: ALL,
  }),
  def({
    code: 'unifiedPlatformShare',
    unit: 'share',
    target: { value: 0.75, comparator: 'atLeast', source: `${SEED_2020}: 75%以上的注册登记志愿者纳入统一平台管理` },
    levels: ALL,
  }),
  def({ code: 'activeShare', unit: 'share', target: null, levels: ALL }),
  def({ code: 'neverServedShare', unit: 'share', direction: 'lower', target: null, levels: ALL }),
  def({
    code: 'hoursPerVolunteer',
    unit: 'hours',
    target: { value: 45, comparator: 'atLeast', source: `${SEED_2020}: 志愿者平均每人每年提供志愿服务时间不少于45小时` },
    reference: { value: 42, source: `${SHENZHEN}: 人均每年志愿服务时间达42小时` },
    levels: ALL,
  }),
  def({
    code: 'partyLeagueShare',
    unit: 'share',
    target: { value: 0.6, comparator: 'above', source: `${SEED_2020}: 党团员参与志愿服务的比率超过60%` },
    levels: ALL,
  }),
  ...AREA_LEVELS.map((level) =>
    def({
      code: `orgCoverage${level[0].toUpperCase()}${level.slice(1)}` as KpiCode,
      unit: 'share',
      target: full(`${SEED_2020}: 市、区、街道、社区（村）100%建立志愿者组织`),
      levels: fromLevelUp(level),
    }),
  ),
  def({ code: 'stationsToStandard', unit: 'share', target: full(`${SEED_2020}: 100%的志愿服务站按标准运行`), levels: ALL }),
  def({
    code: 'walkCoverage',
    unit: 'share',
    target: full(`${SEED_2020}: 城市居民20分钟内就能享受到志愿者和社工的服务`),
    levels: ALL,
  }),
  def({
    code: 'floorAreaPer10k',
    unit: 'm2Per10k',
    target: { value: 100, comparator: 'atLeast', source: `${SEED_2020}: 市、区志愿者组织场地保障不少于每万名志愿者100平方米` },
    levels: ['city', 'district'],
    scale: 10_000,
  }),
  def({
    code: 'collegePracticeHours',
    unit: 'hours',
    target: { value: 8, comparator: 'atLeast', source: `${SEED_2020}: 高（职）院校每学年不少于8学时` },
    levels: ALL,
  }),
  def({
    code: 'schoolPracticeHours',
    unit: 'hours',
    target: { value: 2, comparator: 'atLeast', source: `${SEED_2020}: 中小学校每学年不少于2学时` },
    levels: ALL,
  }),
  def({
    code: 'cadreHours',
    unit: 'hours',
    target: { value: 60, comparator: 'atLeast', source: 'shared/seeds/003 (对策建议三: 党员干部应完成60小时/年固定时限的志愿服务)' },
    levels: ALL,
  }),
];

export const KPI_BY_CODE = new Map(KPI_CATALOGUE.map((d) => [d.code, d]));

export function kpiDefinition(code: KpiCode): KpiDefinition {
  return KPI_BY_CODE.get(code) as KpiDefinition;
}

/** met / notMet against the target; noTarget for KPIs shown for information; noData when there is nothing to divide by. */
export type KpiStatus = 'met' | 'notMet' | 'noTarget' | 'noData';

export interface KpiFigure {
  numerator: number;
  denominator: number;
}

export interface KpiEvaluation extends KpiFigure {
  code: KpiCode;
  /** null when the denominator is 0 (no residents, no volunteers, no stations…): never 0 or NaN. */
  value: number | null;
  status: KpiStatus;
}

export function evaluateKpi(definition: KpiDefinition, figure: KpiFigure): KpiEvaluation {
  const { numerator, denominator } = figure;
  if (!(denominator > 0) || !Number.isFinite(numerator))
    return { code: definition.code, numerator, denominator, value: null, status: 'noData' };
  const value = (numerator / denominator) * definition.scale;
  const target = definition.target;
  if (!target) return { code: definition.code, numerator, denominator, value, status: 'noTarget' };
  const met = target.comparator === 'above' ? value > target.value : value >= target.value;
  return { code: definition.code, numerator, denominator, value, status: met ? 'met' : 'notMet' };
}

/** The KPIs reported at a level, in catalogue order. */
export function kpisAtLevel(level: AreaLevel): KpiDefinition[] {
  return KPI_CATALOGUE.filter((d) => d.levels.includes(level));
}

/**
 * Orders areas by one KPI, best first: by value in the KPI's direction, areas without data last,
 * ties by area code so the order is stable.
 */
export function rankByKpi<T extends { areaCode: string; value: number | null }>(definition: KpiDefinition, rows: T[]): T[] {
  const sign = definition.direction === 'higher' ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else if (a.value !== b.value) return sign * (a.value - b.value);
    return a.areaCode < b.areaCode ? -1 : a.areaCode > b.areaCode ? 1 : 0;
  });
}
