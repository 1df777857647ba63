import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client.ts';
import type { AuditEntry, Schemas } from '../../api/types.ts';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { tablePaging } from '../../components/paging.ts';

interface Filters {
  action?: string;
  entityType?: string;
  areaCode?: string;
  range?: [Dayjs, Dayjs];
}

export function AuditPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const entries = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () =>
      api<Schemas['AuditPage']>(
        `/api/audit${query({
          action: filters.action,
          entityType: filters.entityType,
          areaCode: filters.areaCode,
          from: filters.range?.[0]?.startOf('day').toISOString(),
          to: filters.range?.[1]?.endOf('day').toISOString(),
          ...page,
        })}`,
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Card>
        <Form
          form={form}
          layout="inline"
          style={{ rowGap: 12 }}
          onFinish={(values) => {
            setFilters({ ...values, action: values.action?.trim() || undefined, entityType: values.entityType?.trim() || undefined });
            setPage({ page: 1, pageSize: page.pageSize });
          }}
        >
          <Form.Item name="action">
            <Input placeholder={t('audit.filterAction')} allowClear data-testid="filter-action" />
          </Form.Item>
          <Form.Item name="entityType">
            <Input placeholder={t('audit.filterEntity')} allowClear />
          </Form.Item>
          <Form.Item name="areaCode" style={{ minWidth: 260 }}>
            <AreaPicker value={filters.areaCode} onChange={(code) => form.setFieldValue('areaCode', code)} />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="audit-search">
              {t('audit.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
                setPage({ page: 1, pageSize: page.pageSize });
              }}
            >
              {t('audit.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={entries.isFetching}
        dataSource={entries.data?.items}
        scroll={{ x: 900 }}
        data-testid="audit-table"
        pagination={tablePaging(t, page, entries.data?.total, setPage)}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
          { title: t('audit.actor'), dataIndex: 'actorLabel', width: 180 },
          { title: t('audit.action'), dataIndex: 'action', width: 170, render: (a: string) => <code>{a}</code> },
          {
            title: t('audit.entity'),
            width: 200,
            render: (_, e) => (
              <span>
                {e.entityType}
                {e.entityId ? <Typography.Text type="secondary"> {e.entityId.slice(0, 12)}</Typography.Text> : null}
              </span>
            ),
          },
          { title: t('audit.area'), dataIndex: 'areaCode', width: 120 },
          {
            title: t('audit.summary'),
            dataIndex: 'summary',
            render: (s: Record<string, unknown>) => (
              <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: JSON.stringify(s) }}>
                {Object.keys(s).length ? JSON.stringify(s) : '—'}
              </Typography.Text>
            ),
          },
          {
            title: t('audit.requestId'),
            dataIndex: 'requestId',
            width: 120,
            render: (id: string | null) => (
              <Typography.Text type="secondary" copyable={!!id && { text: id }}>
                {id?.slice(0, 8)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Space>
  );
}
