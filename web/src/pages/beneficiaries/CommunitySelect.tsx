import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client.ts';
import type { AreaPage } from '../../api/types.ts';
import { areaLabel } from '../../components/AreaName.tsx';

/** A community (12 digits) found by typing part of its name, within an area: usable by keyboard alone. */
export function CommunitySelect({
  within,
  value,
  onChange,
  id,
}: {
  within?: string;
  value?: string;
  onChange?: (code: string) => void;
  id?: string;
}) {
  const { i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['communities', within, search],
    queryFn: () => api<AreaPage>(`/api/areas${query({ within, level: 'community', q: search, pageSize: 30 })}`),
    staleTime: 60_000,
  });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={onChange}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((a) => ({ value: a.code, label: areaLabel(a, i18n.language) }))}
      data-testid="community-select"
    />
  );
}
