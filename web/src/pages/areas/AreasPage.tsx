import { EditOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Descriptions, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, query } from '../../api/client.ts';
import type { Area, AreaPage, Me } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { areaLabel, useArea } from '../../components/AreaName.tsx';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { tablePaging } from '../../components/paging.ts';
import { AreaEditModal } from './AreaEditModal.tsx';
import { AreaImportModal } from './AreaImportModal.tsx';

/** The server decides; this only hides buttons that would be refused. */
const mayWriteIn = (me: Me, code: string, action: Me['permissions'][number]) =>
  can(me, action) && me.grants.some((g) => g.areaCode && code.startsWith(g.areaCode));

export function AreasPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data as Me;
  const navigate = useNavigate();
  const params = useParams();
  const code = params.code ?? me.grants.find((g) => g.areaCode)?.areaCode ?? '3301';
  const area = useArea(code);
  // Paging and search belong to one area: moving to another starts on its first page.
  const [view, setView] = useState({ code, search: '', page: 1, pageSize: 20 });
  const current = view.code === code ? view : { code, search: '', page: 1, pageSize: view.pageSize };
  const { search } = current;
  const page = { page: current.page, pageSize: current.pageSize };
  const setSearch = (value: string) => setView({ ...current, search: value, page: 1 });
  const setPage = (next: { page: number; pageSize: number }) => setView({ ...current, ...next });
  const [editing, setEditing] = useState(false);
  const [importing, setImporting] = useState(false);
  const children = useQuery({
    queryKey: ['areas', code, search, page],
    queryFn: () => api<AreaPage>(`/api/areas${query(search ? { within: code, q: search, ...page } : { parent: code, ...page })}`),
    placeholderData: keepPreviousData,
  });
  const go = (next?: string) => {
    if (next) navigate(`/areas/${next}`);
  };
  const a = area.data;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('areas.title')}
      </Typography.Title>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <AreaPicker value={code} onChange={go} />
        {can(me, 'area.import') && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-button">
            {t('areas.import')}
          </Button>
        )}
      </Space>
      {a && (
        <Card
          title={
            <Breadcrumb
              items={[...a.ancestors, a].map((x) => ({
                title: x.code === a.code ? areaLabel(x, i18n.language) : <Link to={`/areas/${x.code}`}>{areaLabel(x, i18n.language)}</Link>,
              }))}
            />
          }
          extra={
            mayWriteIn(me, a.code, 'area.update') && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-area">
                {t('areas.edit')}
              </Button>
            )
          }
        >
          <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" data-testid="area-details">
            <Descriptions.Item label={t('areas.code')}>{a.code}</Descriptions.Item>
            <Descriptions.Item label={t('areas.level')}>{t(`level.${a.level}`)}</Descriptions.Item>
            <Descriptions.Item label={t('areas.population')}>{a.population.toLocaleString(i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('areas.name')}>{a.name}</Descriptions.Item>
            <Descriptions.Item label={t('areas.nameEn')}>{a.nameEn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('areas.centroid')}>
              {a.lat != null && a.lng != null ? `${a.lat.toFixed(4)}, ${a.lng.toFixed(4)}` : '—'}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card
        title={t('areas.children')}
        extra={
          <Input.Search
            key={code}
            allowClear
            placeholder={t('areas.search')}
            onSearch={(value) => setSearch(value.trim())}
            style={{ width: 240 }}
            data-testid="area-search"
          />
        }
      >
        <Table<Area>
          rowKey="code"
          size="small"
          loading={children.isFetching}
          dataSource={children.data?.items}
          scroll={{ x: 600 }}
          pagination={tablePaging(t, page, children.data?.total, setPage)}
          columns={[
            { title: t('areas.code'), dataIndex: 'code', width: 140 },
            {
              title: t('areas.name'),
              render: (_, row) => <Link to={`/areas/${row.code}`}>{areaLabel(row, i18n.language)}</Link>,
            },
            { title: t('areas.level'), dataIndex: 'level', width: 120, render: (level) => t(`level.${level}`) },
            {
              title: t('areas.population'),
              dataIndex: 'population',
              align: 'right',
              width: 120,
              render: (n: number) => n.toLocaleString(i18n.language),
            },
            { title: t('areas.childCount'), dataIndex: 'childCount', align: 'right', width: 100 },
          ]}
        />
      </Card>
      {a && editing && <AreaEditModal area={a} onClose={() => setEditing(false)} />}
      {importing && <AreaImportModal onClose={() => setImporting(false)} />}
    </Space>
  );
}
