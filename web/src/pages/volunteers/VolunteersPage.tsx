import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { POLITICAL_STATUSES, WEEKEND_MASK } from '../../../../src/contract/index.ts';
import { api, query } from '../../api/client.ts';
import type { Me, VolunteerListItem, VolunteerPage } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { AreaName } from '../../components/AreaName.tsx';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { LANGUAGE_CODES, useEnumOptions, useSkills } from '../../components/catalog.ts';
import { tablePaging } from '../../components/paging.ts';
import { RegisterOnBehalfModal } from './RegisterOnBehalfModal.tsx';

interface Filters {
  q?: string;
  volunteerNo?: string;
  skills?: string[];
  languages?: string[];
  politicalStatus?: string[];
  minAge?: number;
  maxAge?: number;
  weekend?: boolean;
  within?: string;
}

const SORTS = { name: 'name', volunteerNo: 'volunteerNo' } as const;

/** Admin search over the volunteers in scope: every filter runs on the server, paged and sorted there. */
export function VolunteersPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [sort, setSort] = useState<{ sort: string; order: 'asc' | 'desc' }>({ sort: 'createdAt', order: 'desc' });
  const me = useMe().data as Me;
  const [registering, setRegistering] = useState(false);
  const skills = useSkills();
  const political = useEnumOptions('vol.political', POLITICAL_STATUSES);
  const languages = useEnumOptions('vol.languageNames', LANGUAGE_CODES);
  const list = useQuery({
    queryKey: ['volunteers', filters, page, sort],
    queryFn: () =>
      api<VolunteerPage>(
        `/api/volunteers${query({
          q: filters.q,
          volunteerNo: filters.volunteerNo,
          skills: filters.skills?.join(','),
          languages: filters.languages?.join(','),
          politicalStatus: filters.politicalStatus?.join(','),
          minAge: filters.minAge,
          maxAge: filters.maxAge,
          availability: filters.weekend ? WEEKEND_MASK : undefined,
          within: filters.within,
          ...sort,
          ...page,
        })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const paging = tablePaging(t, page, list.data?.total, setPage);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('volunteers.title')}
        </Typography.Title>
        {can(me, 'volunteer.register') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="register-on-behalf">
            {t('volunteers.registerOnBehalf')}
          </Button>
        )}
      </Space>
      {registering && <RegisterOnBehalfModal me={me} onClose={() => setRegistering(false)} />}
      <Card>
        <Form
          form={form}
          layout="inline"
          style={{ rowGap: 12 }}
          onFinish={(values) => {
            setFilters({ ...values, q: values.q?.trim() || undefined, volunteerNo: values.volunteerNo?.trim() || undefined });
            setPage({ page: 1, pageSize: page.pageSize });
          }}
        >
          <Form.Item name="q">
            <Input placeholder={t('volunteers.keyword')} allowClear style={{ width: 140 }} data-testid="filter-name" />
          </Form.Item>
          <Form.Item name="volunteerNo">
            <Input placeholder={t('vol.volunteerNo')} allowClear style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="skills">
            <Select
              mode="multiple"
              placeholder={t('vol.skills')}
              options={skills.options}
              style={{ minWidth: 180 }}
              optionFilterProp="label"
              data-testid="filter-skills"
            />
          </Form.Item>
          <Form.Item name="languages">
            <Select
              mode="multiple"
              placeholder={t('vol.languages')}
              options={languages}
              style={{ minWidth: 150 }}
              optionFilterProp="label"
              data-testid="filter-languages"
            />
          </Form.Item>
          <Form.Item name="politicalStatus">
            <Select mode="multiple" placeholder={t('vol.politicalStatus')} options={political} style={{ minWidth: 160 }} />
          </Form.Item>
          <Form.Item name="minAge">
            <InputNumber min={0} max={120} placeholder={t('volunteers.minAge')} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="maxAge">
            <InputNumber min={0} max={120} placeholder={t('volunteers.maxAge')} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="weekend" valuePropName="checked">
            <Checkbox>{t('volunteers.weekend')}</Checkbox>
          </Form.Item>
          <Form.Item name="within" style={{ minWidth: 260 }}>
            <AreaPicker value={filters.within} onChange={(code) => form.setFieldValue('within', code)} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="volunteer-search">
              {t('volunteers.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
                setPage({ page: 1, pageSize: page.pageSize });
              }}
            >
              {t('volunteers.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      <Table<VolunteerListItem>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 1000 }}
        data-testid="volunteer-table"
        // Past the count cap the server says "more than N" rather than count everyone.
        pagination={list.data?.totalCapped ? { ...paging, showTotal: (total) => t('volunteers.totalMore', { total }) } : paging}
        onChange={(_, __, sorter) => {
          const s = sorter as SorterResult<VolunteerListItem>;
          const key = s.order ? SORTS[s.columnKey as keyof typeof SORTS] : undefined;
          setSort(key ? { sort: key, order: s.order === 'ascend' ? 'asc' : 'desc' } : { sort: 'createdAt', order: 'desc' });
        }}
        columns={[
          {
            title: t('vol.volunteerNo'),
            key: 'volunteerNo',
            sorter: true,
            width: 160,
            render: (_, v) => (
              <Link to={`/volunteers/${v.id}`}>
                <code>{v.volunteerNo}</code>
              </Link>
            ),
          },
          { title: t('vol.name'), key: 'name', dataIndex: 'name', sorter: true, width: 110 },
          { title: t('vol.sex'), dataIndex: 'sex', width: 60, render: (s: string | null) => (s ? t(`vol.sexes.${s}`) : '—') },
          { title: t('vol.age'), dataIndex: 'age', width: 70, render: (a: number | null) => a ?? '—' },
          { title: t('vol.phone'), dataIndex: 'phoneMasked', width: 130, render: (p: string | null) => p ?? '—' },
          {
            title: t('vol.politicalStatus'),
            dataIndex: 'politicalStatus',
            width: 110,
            render: (p: string | null) => (p ? t(`vol.political.${p}`) : '—'),
          },
          {
            title: t('vol.skills'),
            dataIndex: 'skills',
            render: (codes: string[]) =>
              codes.map((c) => (
                <Tag key={c} color="red">
                  {skills.label(c)}
                </Tag>
              )),
          },
          {
            title: t('vol.languages'),
            dataIndex: 'languages',
            width: 140,
            render: (codes: string[]) => codes.map((c) => <Tag key={c}>{t(`vol.languageNames.${c}`, { defaultValue: c })}</Tag>),
          },
          { title: t('vol.area'), dataIndex: 'areaCode', width: 220, render: (code: string) => <AreaName code={code} /> },
        ]}
      />
    </Space>
  );
}
