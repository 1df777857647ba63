import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Space,
  TimePicker,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaDate, occurrences } from '../../../../src/contract/index.ts';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { useEnumOptions } from '../../components/catalog.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { ProjectDetail } from '../projects/project-api.ts';
import { CHECKIN } from './activity-api.ts';
import { type ActivityValues, changedPaths, groupOf, TOP_FIELDS, toBody, ymd } from './activity-form.ts';
import { NEW_POSITION, PositionFields, type PositionValues, positionFieldNames } from './PositionFields.tsx';
import { StationSelect } from './StationSelect.tsx';

/** How many occurrences the weekly rule makes, and the first and last day: what the organizer is about to create. */
function SeriesSummary() {
  const { t } = useTranslation();
  const series = Form.useWatch('series') as ActivityValues['series'];
  if (!series?.from || !series.weekdays?.length || !series.weeks || !series.startTime || !series.endTime) return null;
  const list = occurrences({
    from: ymd(series.from),
    weekdays: series.weekdays,
    startTime: '00:00',
    endTime: '23:59',
    weeks: series.weeks,
  });
  if (list.length === 0) return null;
  const first = chinaDate(list[0].start);
  const last = chinaDate(list[list.length - 1].start);
  return (
    <Typography.Text type="secondary" data-testid="series-summary">
      {t('activities.weeksValue', { count: list.length })}（{first}
      {list.length > 1 ? ` – ${last}` : ''}）
    </Typography.Text>
  );
}

/** 新建活动: a one-off activity or a weekly series with its place, deadlines and positions. */
export function ActivityEditModal({
  project,
  onClose,
  onCreated,
}: {
  project: Pick<ProjectDetail, 'id' | 'title' | 'insuranceRequired'>;
  onClose: () => void;
  onCreated?: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<ActivityValues>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const repeat = Form.useWatch('repeat', form);
  const placeKind = Form.useWatch('placeKind', form);
  const days = (t('vol.days', { returnObjects: true }) as string[]).map((label, i) => ({ value: i + 1, label }));
  const checkins = useEnumOptions('activities.checkin', CHECKIN);
  const newPosition = { ...NEW_POSITION, insuranceRequired: project.insuranceRequired };
  const known = () => [...TOP_FIELDS, ...positionFieldNames(form.getFieldValue('positions')?.length ?? 0)];

  const save = useMutation({
    mutationFn: (v: ActivityValues) =>
      api<Schemas['ActivitiesCreated']>('/api/activities', {
        method: 'POST',
        json: toBody(v, project.id, project.insuranceRequired),
      }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, known())),
    onSuccess: (done) => {
      void client.invalidateQueries({ queryKey: ['activities'] });
      void message.success(t('activities.created', { count: done.created }));
      onCreated?.(done.ids);
      onClose();
    },
  });

  const initial: Partial<ActivityValues> = {
    repeat: 'once',
    placeKind: 'station',
    applyHoursBefore: 0,
    cancelHoursBefore: 24,
    checkinMethods: ['code', 'ecard', 'manual'],
    series: { weekdays: [], weeks: 4 },
    positions: [newPosition as PositionValues],
  };
  const notPast = (d: Dayjs) => d.isBefore(dayjs().startOf('day'));

  return (
    <Modal
      open
      width={880}
      title={t('activities.createTitle', { project: project.title })}
      okText={t('activities.save')}
      cancelText={t('activities.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ id: 'activity-save' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        // A change drops the server's objections to that field and the fields judged with it.
        onValuesChange={(changed) => {
          const groups = new Set(changedPaths(changed).map(groupOf));
          // The list's own names are built at run time; the form's typed paths cannot know them.
          (form as FormInstance).setFields(known().flatMap((name) => (groups.has(groupOf(name)) ? [{ name, errors: [] }] : [])));
        }}
        data-testid="activity-form"
      >
        <Form.Item name="title" label={t('activities.title')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('activities.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={2} maxLength={5000} placeholder={t('activities.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item name="repeat" label={t('activities.repeat')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'once', label: t('activities.once') },
              { value: 'weekly', label: t('activities.weekly') },
            ]}
            data-testid="activity-repeat"
          />
        </Form.Item>
        {repeat === 'weekly' ? (
          <>
            <Form.Item name={['series', 'weekdays']} label={t('activities.weekdays')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Checkbox.Group options={days} data-testid="series-weekdays" />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} sm={8}>
                <Form.Item name={['series', 'from']} label={t('activities.from')} rules={[{ required: true }]}>
                  <DatePicker style={{ width: '100%' }} disabledDate={notPast} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={5}>
                <Form.Item name={['series', 'startTime']} label={t('activities.startTime')} rules={[{ required: true }]}>
                  <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={5}>
                <Form.Item name={['series', 'endTime']} label={t('activities.endTime')} rules={[{ required: true }]}>
                  <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={6}>
                <Form.Item name={['series', 'weeks']} label={t('activities.weeks')} rules={[{ required: true }]} extra={<SeriesSummary />}>
                  <InputNumber min={1} max={52} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </>
        ) : (
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <Form.Item name="day" label={t('activities.day')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} disabledDate={notPast} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={7}>
              <Form.Item name="startsAt" label={t('activities.startTime')} rules={[{ required: true }]}>
                <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={7}>
              <Form.Item name="endsAt" label={t('activities.endTime')} rules={[{ required: true }]}>
                <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item name="placeKind" label={t('activities.placeKind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'station', label: t('activities.atStation') },
              { value: 'address', label: t('activities.atAddress') },
            ]}
          />
        </Form.Item>
        {placeKind === 'station' ? (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="stationId" label={t('activities.station')} rules={[{ required: true }]}>
                <StationSelect />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="address" label={t('activities.address')} extra={t('activities.addressHelp')} rules={[{ max: 200 }]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="address" label={t('activities.address')} rules={[{ required: true, whitespace: true, max: 200 }]}>
                <Input maxLength={200} placeholder={t('activities.addressPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="lat" label={t('activities.lat')} extra={t('activities.coordinatesHelp')}>
                <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="lng" label={t('activities.lng')}>
                <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={12}>
          <Col xs={12} sm={6}>
            <Form.Item name="applyHoursBefore" label={t('activities.applyHoursBefore')} extra={t('activities.hoursBefore')}>
              <InputNumber min={0} max={24 * 60} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="cancelHoursBefore" label={t('activities.cancelHoursBefore')} extra={t('activities.hoursBefore')}>
              <InputNumber min={0} max={24 * 60} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="checkinMethods" label={t('activities.checkinMethods')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Checkbox.Group options={checkins} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('activities.positions')}</Typography.Title>
        <Form.List name="positions">
          {(fields, { add, remove }, { errors }) => (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {fields.map((field, index) => (
                <PositionFields
                  key={field.key}
                  name={field.name}
                  index={index}
                  projectInsurance={project.insuranceRequired}
                  onRemove={fields.length > 1 ? () => remove(field.name) : undefined}
                />
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add(newPosition)} data-testid="add-position">
                {t('activities.addPosition')}
              </Button>
              <Form.ErrorList errors={errors} />
            </Space>
          )}
        </Form.List>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginTop: 16 }} />}
      </Form>
    </Modal>
  );
}
