import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client.ts';

/** The KPI API's answers (src/modules/kpi/kpi.routes.ts, kpi-export.routes.ts). */
export type KpiUnit = 'share' | 'hours' | 'm2Per10k';
export type KpiStatus = 'met' | 'notMet' | 'noTarget' | 'noData';
export type AreaLevel = 'city' | 'district' | 'street' | 'community';

export interface KpiDefinition {
  code: string;
  name: string;
  unit: KpiUnit;
  direction: 'higher' | 'lower';
  target: { value: number; comparator: 'atLeast' | 'above'; source: string } | null;
  reference: { value: number; source: string } | null;
  levels: AreaLevel[];
}
export interface KpiArea {
  code: string;
  name: string;
  nameEn: string | null;
  level: AreaLevel;
}
export interface Figure {
  value: number | null;
  numerator: number;
  denominator: number;
  status: KpiStatus;
}
export type Kpi = KpiDefinition & Figure;
export interface AreaKpis {
  area: KpiArea;
  window: { from: string; until: string };
  asOf: { ledgerSeq: number; refreshedAt: string | null };
  kpis: Kpi[];
}
export interface Ranking {
  kpi: KpiDefinition;
  children: (Figure & { area: KpiArea })[];
}
export interface TrendMonth {
  month: string;
  hours: number;
  active: number;
  registrations: number;
}
export interface KpiMap {
  radiusKm: number;
  tiles: { url: string; attribution: string } | null;
  stations: { id: string; name: string; lat: number; lng: number; inArea: boolean }[];
  communities: {
    code: string;
    name: string;
    nameEn: string | null;
    lat: number | null;
    lng: number | null;
    population: number;
    covered: boolean;
  }[];
}

/** Every query is keyed by the language too: KPI names come worded by the server. */
export function useKpi<T>(path: string, params: Record<string, string | number | undefined>, enabled = true) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['kpi', path, params, i18n.language],
    queryFn: () => api<T>(`/api/kpi${path}${query(params)}`),
    enabled,
  });
}

/** A figure as the page shows it: shares in per cent, hours and floor area with one decimal. */
export function formatKpi(value: number | null | undefined, unit: KpiUnit, t: (key: string) => string): string {
  if (value === null || value === undefined) return '—';
  // Small shares (volunteers among millions of residents) keep two decimals so they do not read as 0.
  if (unit === 'share') return `${(value * 100).toFixed(value !== 0 && Math.abs(value) < 0.01 ? 2 : 1)}%`;
  return `${value.toFixed(1)} ${t(`kpiPage.unit.${unit}`)}`;
}

export const formatTarget = (d: KpiDefinition, t: (key: string) => string) =>
  d.target ? `${d.target.comparator === 'above' ? '>' : '≥'} ${formatKpi(d.target.value, d.unit, t)}` : '';
