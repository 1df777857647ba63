import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { StationKind, StationStandard } from '../../api/types.ts';

export const STATION_KINDS: StationKind[] = ['u_station', 'leifeng_home', 'service_station', 'youth_v_station'];

const KIND_COLOR: Record<StationKind, string> = {
  u_station: 'blue',
  leifeng_home: 'red',
  service_station: 'green',
  youth_v_station: 'purple',
};

export function KindTag({ kind }: { kind: StationKind }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLOR[kind]}>{t(`stations.kinds.${kind}`)}</Tag>;
}

/** 达标 / 未达标 / 未检查: derived by the server from the latest inspection. */
export function StandardTag({ value }: { value: boolean | null }) {
  const { t } = useTranslation();
  if (value === null) return <Tag data-testid="standard-tag">{t('stations.standard.unknown')}</Tag>;
  return (
    <Tag color={value ? 'success' : 'error'} data-testid="standard-tag">
      {t(value ? 'stations.standard.yes' : 'stations.standard.no')}
    </Tag>
  );
}

/** The whole checklist, in force first; retired items are kept for old inspections' sake. */
export function useStandards(refetchOnMount: boolean | 'always' = true) {
  return useQuery({
    queryKey: ['station-standards'],
    queryFn: () => api<StationStandard[]>('/api/stations/standards'),
    staleTime: 10 * 60_000,
    refetchOnMount,
  });
}

export const standardName = (standard: StationStandard, language: string) => (language === 'en-US' ? standard.nameEn : standard.nameZh);
