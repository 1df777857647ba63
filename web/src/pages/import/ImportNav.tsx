import { useQuery } from '@tanstack/react-query';
import { Badge, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { can, useMe } from '../../auth/session.ts';
import type { DuplicatePage } from './import-api.ts';

/** How many pairs wait for a decision: the number on the queue's tab. */
export function useOpenDuplicateCount(enabled: boolean) {
  return useQuery({
    queryKey: ['duplicates', 'open', 'count'],
    queryFn: () => api<DuplicatePage>('/api/duplicates?status=open&pageSize=1'),
    enabled,
    select: (page) => page.total,
  });
}

/** The title and the two halves of 导入与查重: importing files, and the queue of possible duplicates. */
export function ImportNav({ active }: { active: 'import' | 'duplicates' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data;
  const mayMerge = can(me, 'volunteer.merge');
  const open = useOpenDuplicateCount(mayMerge).data ?? 0;
  return (
    <div>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('imports.title')}
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(key === 'import' ? '/import' : '/import/duplicates')}
        style={{ marginBottom: -16 }}
        data-testid="import-nav"
        items={[
          { key: 'import', label: t('imports.tab') },
          ...(mayMerge
            ? [
                {
                  key: 'duplicates',
                  label: (
                    <Space size={6}>
                      {t('duplicates.tab')}
                      <Badge count={open} size="small" data-testid="open-duplicates" />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
