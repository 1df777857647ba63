import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** The KPI API's answers (the API's own types). */
export type AreaKpis = Schemas['AreaKpis'];
export type AreaLevel = KpiArea['level'];
export type Kpi = Schemas['Kpi'];
export type KpiArea = Schemas['KpiArea'];
export type KpiDefinition = Schemas['KpiDefinition'];
export type KpiMap = Schemas['KpiMap'];
export type KpiStatus = Kpi['status'];
export type KpiTrend = Schemas['KpiTrend'];
export type KpiUnit = KpiDefinition['unit'];
export type Ranking = Schemas['KpiRanking'];
export type RegisteredTotals = Schemas['RegisteredTotals'];
export type TrendMonth = Schemas['KpiTrendMonth'];
export type WalkSettings = Schemas['KpiWalkSettings'];

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
