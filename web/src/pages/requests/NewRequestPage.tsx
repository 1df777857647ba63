import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, query } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { RequestForm } from './RequestForm.tsx';
import type { BeneficiaryItem } from './request-api.ts';

/** Offices and stations raise a request for a walk-in (operators use the hotline console). */
export function NewRequestPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<BeneficiaryItem | null>(null);
  const phone = /^\d{4,}$/.test(search);
  const found = useQuery({
    queryKey: ['beneficiaries', search],
    enabled: search.length > 0,
    queryFn: () => api<{ items: BeneficiaryItem[] }>(`/api/beneficiaries${query(phone ? { phone: search } : { q: search })}`),
  });
  const operator = me.grants.some((g) => g.role === 'operator');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }}>
      <Link to="/requests">{t('requests.back')}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('requests.create')}
      </Typography.Title>
      <Card title={t('requests.beneficiary')}>
        {picked ? (
          <Space data-testid="picked-beneficiary">
            <Typography.Text strong>{picked.name}</Typography.Text>
            <Typography.Text type="secondary">{[picked.phoneMasked, picked.addressMasked].filter(Boolean).join(' · ')}</Typography.Text>
            <Button size="small" onClick={() => setPicked(null)}>
              {t('requests.change')}
            </Button>
          </Space>
        ) : (
          <>
            <Input.Search
              placeholder={t('requests.findBeneficiary')}
              onSearch={(v) => setSearch(v.trim())}
              allowClear
              data-testid="beneficiary-search"
            />
            {search && (
              <List
                loading={found.isFetching}
                dataSource={found.data?.items ?? []}
                locale={{ emptyText: t('requests.noBeneficiary') }}
                renderItem={(b) => (
                  <List.Item
                    actions={[
                      <Button key="pick" size="small" onClick={() => setPicked(b)} data-testid="pick-beneficiary">
                        {t('requests.pickBeneficiary')}
                      </Button>,
                    ]}
                  >
                    <List.Item.Meta title={b.name} description={[b.phoneMasked, b.addressMasked].filter(Boolean).join(' · ')} />
                  </List.Item>
                )}
              />
            )}
          </>
        )}
      </Card>
      {picked && (
        <Card>
          <RequestForm
            beneficiaryId={picked.id}
            channel={operator ? 'hotline' : 'walk_in'}
            office
            onCreated={(created) => navigate(`/requests/${created.mergedInto?.id ?? created.id}`)}
          />
        </Card>
      )}
    </Space>
  );
}
