import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, query } from '../../api/client.ts';
import type { Beneficiary, BeneficiaryPage, Me } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { AreaName } from '../../components/AreaName.tsx';
import { tablePaging } from '../../components/paging.ts';
import { usePagedFilters } from '../../components/url-params.ts';
import { BeneficiaryForm } from './BeneficiaryForm.tsx';

/** The people served within my reach: found by phone (theirs or a family contact's) or name. */
export function BeneficiariesPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const { filters, update } = usePagedFilters(
    (p) => ({ phone: p.get('phone') || undefined, q: p.get('q') || undefined }),
    (f, search) => {
      for (const key of ['phone', 'q'] as const) if (f[key]) search.set(key, f[key] as string);
    },
  );
  const list = useQuery({
    queryKey: ['beneficiaries', filters],
    queryFn: () => api<BeneficiaryPage>(`/api/beneficiaries${query(filters)}`),
    placeholderData: keepPreviousData,
  });
  const home = me.grants.find((g) => g.areaCode)?.areaCode ?? undefined;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('beneficiaries.title')}
        </Typography.Title>
        {can(me, 'beneficiary.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-beneficiary">
            {t('beneficiaries.create')}
          </Button>
        )}
      </Space>
      <Card>
        <Space wrap>
          <Input.Search
            allowClear
            defaultValue={filters.phone}
            placeholder={t('beneficiaries.searchPhone')}
            onSearch={(v) => update({ phone: v.trim() || undefined })}
            style={{ width: 240 }}
            data-testid="beneficiary-phone-search"
          />
          <Input.Search
            allowClear
            defaultValue={filters.q}
            placeholder={t('beneficiaries.searchName')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 200 }}
            data-testid="beneficiary-name-search"
          />
        </Space>
      </Card>
      <Card>
        <Table<Beneficiary>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items}
          pagination={tablePaging(t, filters, list.data?.total, (next) => update(next))}
          data-testid="beneficiaries-table"
          columns={[
            { title: t('beneficiaries.name'), render: (_, b) => <Link to={`/beneficiaries/${b.id}`}>{b.name}</Link> },
            {
              title: t('beneficiaries.kind'),
              dataIndex: 'kind',
              render: (k: Beneficiary['kind']) => <Tag>{t(`beneficiaries.kinds.${k}`)}</Tag>,
            },
            { title: t('beneficiaries.area'), dataIndex: 'areaCode', responsive: ['md'], render: (c: string) => <AreaName code={c} /> },
            { title: t('beneficiaries.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
            {
              title: t('beneficiaries.contactPhone'),
              responsive: ['lg'],
              render: (_, b) => (b.contactPhoneMasked ? `${b.contactName ?? ''} ${b.contactPhoneMasked}` : '—'),
            },
            {
              title: t('beneficiaries.addressMasked'),
              dataIndex: 'addressMasked',
              responsive: ['xl'],
              render: (v: string | null) => v ?? '—',
            },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('beneficiaries.create')}
        footer={null}
        width={720}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <BeneficiaryForm within={home} onCancel={() => setCreating(false)} onSaved={(b) => navigate(`/beneficiaries/${b.id}`)} />
      </Modal>
    </Space>
  );
}
