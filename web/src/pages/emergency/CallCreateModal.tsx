import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaDate, chinaInstant, chinaTime } from '../../../../src/contract/index.ts';
import { api, query } from '../../api/client.ts';
import type { AreaDetail, Me, StationPage } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { useSkills } from '../../components/catalog.ts';
import { useFieldErrors } from '../../components/form-errors.ts';
import type { EmergencyCall, EmergencyCallCreate, EmergencyOrganizations } from './emergency-api.ts';

type Centre = 'none' | 'area' | 'station';
interface Values {
  title: string;
  message?: string;
  areaCode: string;
  organizationId: string;
  centre: Centre;
  stationId?: string;
  radiusMeters?: number;
  skills?: string[];
  time: [Dayjs, Dayjs];
  headcount: number;
  standbyCount?: number;
}

const FIELDS = ['title', 'message', 'areaCode', 'organizationId', 'radiusMeters', 'skills', 'time', 'headcount', 'standbyCount'];

/**
 * The picker shows China wall-clock time whatever the browser's zone, and what is picked is sent as
 * that China time (as the activity and check-in forms do): an office abroad calls for the right hour.
 */
const chinaNow = () => {
  const now = new Date();
  return dayjs(`${chinaDate(now)} ${chinaTime(now)}`);
};
const chinaIso = (d: Dayjs) => chinaInstant(d.format('YYYY-MM-DD'), d.format('HH:mm')).toISOString();

/**
 * The "发起应急动员" form. The centre of a radius is taken without a map: the area's own centre
 * or a service station's coordinates; the server checks everything again.
 */
export function CallCreateModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data as Me;
  const [form] = Form.useForm<Values>();
  const errors = useFieldErrors(form, FIELDS);
  const client = useQueryClient();
  const skills = useSkills();
  const areaCode = Form.useWatch('areaCode', form);
  const centre = Form.useWatch('centre', form) ?? 'none';
  const stationId = Form.useWatch('stationId', form);
  const area = useQuery({
    queryKey: ['area', areaCode],
    queryFn: () => api<AreaDetail>(`/api/areas/${areaCode}`),
    enabled: !!areaCode && centre === 'area',
  });
  const stations = useQuery({
    queryKey: ['stations', 'emergency', areaCode],
    queryFn: () => api<StationPage>(`/api/stations${query({ within: areaCode, pageSize: 200 })}`),
    enabled: !!areaCode && centre === 'station',
  });
  // The organizations that may run the call in the area (active, covering it, within the office's scope).
  const organizations = useQuery({
    queryKey: ['emergency-organizations', areaCode],
    queryFn: () => api<EmergencyOrganizations>(`/api/emergency-calls/organizations${query({ areaCode })}`),
    enabled: !!areaCode,
  });
  const organizationId = Form.useWatch('organizationId', form);
  useEffect(() => {
    const items = organizations.data?.items;
    if (!items) return;
    // The nearest one is the usual choice (the area's own association); a choice that no longer fits is dropped.
    if (!items.some((o) => o.id === organizationId)) form.setFieldValue('organizationId', items[0]?.id);
  }, [organizations.data, organizationId, form]);
  const station = stations.data?.items.find((s) => s.id === stationId);
  const point = centre === 'area' ? area.data : centre === 'station' ? station : undefined;
  const missingPoint = centre !== 'none' && !!point && (point.lat == null || point.lng == null);

  const save = useMutation({
    onMutate: errors.clear,
    mutationFn: (body: EmergencyCallCreate) => api<EmergencyCall>('/api/emergency-calls', { method: 'POST', json: body }),
    onSuccess: (call) => {
      void client.invalidateQueries({ queryKey: ['emergency-calls'] });
      void message.success(t('emergency.created', { count: call.notifiedCount }));
      onCreated(call.id);
      onClose();
    },
    onError: errors.show,
  });

  const submit = (v: Values) => {
    const withCentre = v.centre !== 'none' && point?.lat != null && point?.lng != null;
    save.mutate({
      title: v.title,
      message: v.message || undefined,
      areaCode: v.areaCode,
      organizationId: v.organizationId,
      ...(withCentre ? { lat: point.lat, lng: point.lng, radiusMeters: v.radiusMeters ?? 3000 } : {}),
      skills: v.skills ?? [],
      startsAt: chinaIso(v.time[0]),
      endsAt: chinaIso(v.time[1]),
      headcount: v.headcount,
      standbyCount: v.standbyCount ?? 0,
    });
  };
  const home = me.grants.find((g) => g.areaCode)?.areaCode ?? undefined;
  const start = chinaNow().add(30, 'minute').startOf('minute');

  return (
    <Modal
      open
      width={680}
      title={t('emergency.createTitle')}
      okText={t('emergency.submit')}
      okButtonProps={{ danger: true, id: 'submit-call' }}
      cancelText={t('emergency.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          areaCode: home,
          centre: 'none',
          radiusMeters: 3000,
          time: [start, start.add(4, 'hour')],
          headcount: 10,
          standbyCount: 5,
        }}
        onFinish={submit}
        data-testid="call-form"
      >
        <Form.Item name="title" label={t('emergency.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="call-title" />
        </Form.Item>
        <Form.Item name="message" label={t('emergency.message')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} placeholder={t('emergency.messagePlaceholder')} />
        </Form.Item>
        <Form.Item name="areaCode" label={t('emergency.area')} extra={t('emergency.areaHelp')} rules={[{ required: true }]}>
          <AreaPicker value={areaCode} onChange={(code) => form.setFieldValue('areaCode', code)} />
        </Form.Item>
        <Form.Item
          name="organizationId"
          label={t('emergency.organization')}
          extra={t('emergency.organizationHelp')}
          rules={[{ required: true, message: t('emergency.noOrganization') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('emergency.organizationPlaceholder')}
            loading={organizations.isFetching}
            notFoundContent={t('emergency.noOrganization')}
            options={(organizations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            data-testid="call-organization"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={15}>
            <Form.Item name="centre" label={t('emergency.centre')}>
              <Radio.Group
                optionType="button"
                options={(['none', 'area', 'station'] as const).map((c) => ({
                  value: c,
                  label: t(`emergency.centre${c === 'none' ? 'None' : c === 'area' ? 'Area' : 'Station'}`),
                }))}
              />
            </Form.Item>
          </Col>
          {centre !== 'none' && (
            <Col xs={24} md={9}>
              <Form.Item name="radiusMeters" label={t('emergency.radius')} rules={[{ required: true }]}>
                <InputNumber min={100} max={100_000} step={500} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
        {centre === 'station' && (
          <Form.Item name="stationId" label={t('emergency.station')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('emergency.stationPlaceholder')}
              loading={stations.isFetching}
              options={(stations.data?.items ?? []).map((s) => ({ value: s.id, label: s.name, disabled: s.lat == null }))}
            />
          </Form.Item>
        )}
        {missingPoint && <Typography.Text type="danger">{t('emergency.noCoordinates')}</Typography.Text>}
        <Form.Item name="skills" label={t('emergency.skills')}>
          <Select mode="multiple" allowClear placeholder={t('emergency.skillsPlaceholder')} options={skills.options} />
        </Form.Item>
        <Form.Item name="time" label={t('emergency.time')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="headcount" label={t('emergency.headcount')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10_000} style={{ width: '100%' }} data-testid="call-headcount" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="standbyCount" label={t('emergency.standby')}>
              <InputNumber min={0} max={10_000} style={{ width: '100%' }} data-testid="call-standby" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
