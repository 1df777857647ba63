import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, query } from '../../api/client.ts';
import type { Me, OrganizationPage, StationDetail } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { STATION_KINDS } from './labels.tsx';

type Values = Pick<
  StationDetail,
  'name' | 'kind' | 'areaCode' | 'address' | 'lat' | 'lng' | 'floorArea' | 'openingHours' | 'hostOrganizationId' | 'status'
>;

const OFFICES = ['city_admin', 'district_admin', 'street_admin', 'community_admin'];

/** The server decides; this only says early that an area lies outside the offices the user holds. */
const managesArea = (me: Me, code: string) => me.grants.some((g) => OFFICES.includes(g.role) && g.areaCode && code.startsWith(g.areaCode));

/** Active organizations found by name, for the host organization; the current one stays listed. */
function HostOrganizationSelect({
  value,
  onChange,
  current,
}: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  current?: { id: string; name: string };
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['organization-directory', search],
    queryFn: () => api<OrganizationPage>(`/api/organizations/directory${query({ q: search, pageSize: 20 })}`),
    staleTime: 60_000,
  });
  const options = (found.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: current.name });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      onChange={(id) => onChange?.(id ?? null)}
      options={options}
      loading={found.isFetching}
      placeholder={t('stations.hostPlaceholder')}
      notFoundContent={found.isError ? t('common.error') : undefined}
    />
  );
}

/** Creates a station (no `station`) or edits one; problems the server finds go onto their fields. */
export function StationEditModal({
  station,
  defaultAreaCode,
  onClose,
  onSaved,
}: {
  station?: StationDetail;
  defaultAreaCode?: string;
  onClose: () => void;
  onSaved?: (station: StationDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data as Me;
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (values: Values) =>
      station
        ? api<StationDetail>(`/api/stations/${station.id}`, { method: 'PATCH', json: values })
        : api<StationDetail>('/api/stations', { method: 'POST', json: values }),
    onSuccess: (saved) => {
      client.setQueryData(['station', saved.id], saved);
      void client.invalidateQueries({ queryKey: ['stations'] });
      void message.success(t(station ? 'stations.saved' : 'stations.created'));
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.issues.length) {
        form.setFields(error.issues.map((i) => ({ name: i.field.split('.')[0] as keyof Values, errors: [i.message] })));
      } else void message.error(error.message);
    },
  });
  const initial: Partial<Values> = station ?? { kind: 'u_station', areaCode: defaultAreaCode, floorArea: 0, status: 'open' };
  const host = station?.hostOrganizationId ? { id: station.hostOrganizationId, name: station.hostOrganizationName ?? '' } : undefined;

  return (
    <Modal
      open
      width={640}
      title={station ? `${t('stations.edit')} · ${station.name}` : t('stations.create')}
      okText={t('stations.save')}
      cancelText={t('stations.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values) => save.mutate({ ...values, openingHours: values.openingHours || null })}
        data-testid="station-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('stations.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="kind" label={t('stations.kind')} rules={[{ required: true }]}>
              <Select options={STATION_KINDS.map((kind) => ({ value: kind, label: t(`stations.kinds.${kind}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="areaCode"
          label={t('stations.area')}
          rules={[
            { required: true },
            {
              validator: async (_, code?: string) => {
                if (code && !managesArea(me, code)) throw new Error(t('stations.areaOutOfScope'));
              },
            },
          ]}
        >
          <AreaPicker onChange={() => {}} />
        </Form.Item>
        <Form.Item name="address" label={t('stations.address')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={12} sm={8}>
            <Form.Item name="lat" label={t('stations.lat')}>
              <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="lng" label={t('stations.lng')}>
              <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="floorArea" label={t('stations.floorArea')} rules={[{ required: true }]}>
              <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} suffix="m²" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="openingHours" label={t('stations.openingHours')} rules={[{ max: 100 }]}>
          <Input placeholder={t('stations.openingHoursPlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={16}>
            <Form.Item name="hostOrganizationId" label={t('stations.host')}>
              <HostOrganizationSelect current={host} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="status" label={t('stations.status')}>
              <Select
                options={(['open', 'closed'] as const).map((status) => ({ value: status, label: t(`stations.statuses.${status}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
