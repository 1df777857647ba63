import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client.ts';
import type { StationPage } from '../../api/types.ts';

/** A service station by name, searched on the server (the city has thousands). */
export function StationSelect({ value, onChange, id }: { value?: string | null; onChange?: (id: string | null) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const stations = useQuery({
    queryKey: ['stations', 'pick', q],
    queryFn: () => api<StationPage>(`/api/stations${query({ q: q || undefined, pageSize: 20 })}`),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: (text) => setQ(text.trim()) }}
      allowClear
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      loading={stations.isFetching}
      placeholder={t('activities.stationPlaceholder')}
      options={(stations.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} · ${s.address}` }))}
      data-testid="station-select"
    />
  );
}
