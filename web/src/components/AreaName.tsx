import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { AreaDetail } from '../api/types.ts';

export function useArea(code: string | undefined) {
  return useQuery({
    queryKey: ['area', code],
    queryFn: () => api<AreaDetail>(`/api/areas/${code}`),
    enabled: !!code,
    staleTime: 10 * 60_000,
  });
}

/** The localized name of an area: its English name in English when there is one. */
export function areaLabel(area: { name: string; nameEn: string | null }, language: string): string {
  return language === 'en-US' && area.nameEn ? area.nameEn : area.name;
}

/** An area's name and path ("杭州市 / 上城区"), falling back to its code. */
export function AreaName({ code }: { code: string }) {
  const { i18n } = useTranslation();
  const area = useArea(code).data;
  if (!area) return <span>{code}</span>;
  const path = [...area.ancestors, area].map((a) => areaLabel(a, i18n.language)).join(' / ');
  return <span title={code}>{path}</span>;
}
