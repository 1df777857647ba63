import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, query } from '../api/client.ts';

type Item = Record<string, unknown> & { id: string };

/**
 * A select that asks a list endpoint (`?q=&pageSize=20`) as the person types — volunteers,
 * organizations, projects: the server's own scope decides what is offered. Opening it shows the first
 * page, so a short list (an organization's projects) needs no typing.
 */
export function RemoteSelect(props: {
  url: string;
  placeholder?: string;
  label: (item: Item) => string;
  testId: string;
  /** Several values (e.g. the volunteers to assign). */
  multiple?: boolean;
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  id?: string;
}) {
  const [q, setQ] = useState('');
  const [opened, setOpened] = useState(false);
  const found = useQuery({
    queryKey: ['remote-select', props.url, q],
    queryFn: () => api<{ items: Item[] }>(`${props.url}${query({ q: q.trim(), pageSize: 20 })}`),
    enabled: opened,
    placeholderData: (previous) => previous,
  });
  return (
    <Select
      id={props.id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      mode={props.multiple ? 'multiple' : undefined}
      onOpenChange={(open) => open && setOpened(true)}
      placeholder={props.placeholder}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((item) => ({ value: item.id, label: props.label(item) }))}
      value={props.value}
      onChange={props.onChange}
      data-testid={props.testId}
    />
  );
}
