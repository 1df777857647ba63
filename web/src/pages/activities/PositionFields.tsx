import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_LEVELS, type LanguageLevel } from '../../../../src/contract/index.ts';
import { LANGUAGE_CODES, useEnumOptions, useSkills } from '../../components/catalog.ts';
import { useCourses } from './activity-api.ts';

/** One position as the form holds it. */
export interface PositionValues {
  name: string;
  description?: string;
  headcount: number;
  reviewMode: 'auto' | 'review';
  skills?: string[];
  languages?: { code: string; minLevel: LanguageLevel }[];
  minAge?: number | null;
  maxAge?: number | null;
  courseIds?: string[];
  insuranceRequired?: boolean;
  minorsAllowed?: boolean;
  minorDailyHours?: number | null;
}

export const NEW_POSITION: Partial<PositionValues> = { headcount: 1, reviewMode: 'auto', skills: [], languages: [], courseIds: [] };

const POSITION_FIELDS = [
  'name',
  'description',
  'headcount',
  'reviewMode',
  'skills',
  'languages',
  'minAge',
  'maxAge',
  'courseIds',
  'insuranceRequired',
  'minorsAllowed',
  'minorDailyHours',
] as const;

/** The names the server's objections about positions can land on ("positions.1.maxAge", "positions.0.languages.2.code"). */
export function positionFieldNames(count: number): (string | number)[][] {
  const names: (string | number)[][] = [];
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < 10; j++) names.push(['positions', i, 'languages', j, 'code'], ['positions', i, 'languages', j, 'minLevel']);
    for (const field of POSITION_FIELDS) names.push(['positions', i, field]);
  }
  names.push(['positions']);
  return names;
}

/** Form values → the API's position: empty requirements left out, minors' cap only with minors. */
export function positionBody(p: PositionValues, projectInsurance: boolean) {
  return {
    name: p.name.trim(),
    ...(p.description?.trim() ? { description: p.description.trim() } : {}),
    headcount: p.headcount,
    reviewMode: p.reviewMode,
    skills: p.skills ?? [],
    languages: (p.languages ?? []).filter((l) => l?.code && l.minLevel),
    minAge: p.minAge ?? null,
    maxAge: p.maxAge ?? null,
    courseIds: p.courseIds ?? [],
    insuranceRequired: projectInsurance || !!p.insuranceRequired,
    minorsAllowed: !!p.minorsAllowed,
    minorDailyHours: p.minorsAllowed ? (p.minorDailyHours ?? null) : null,
  };
}

function Languages({ name }: { name: number }) {
  const { t } = useTranslation();
  const levels = useEnumOptions('vol.languageLevels', LANGUAGE_LEVELS);
  const languages = useEnumOptions('vol.languageNames', LANGUAGE_CODES);
  return (
    <Form.List name={[name, 'languages']}>
      {(rows, { add, remove }, { errors }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {rows.map((row) => (
            <Space key={row.key} align="start" wrap>
              <Form.Item name={[row.name, 'code']} rules={[{ required: true, message: t('activities.language') }]} style={{ margin: 0 }}>
                <Select
                  options={languages}
                  style={{ width: 150 }}
                  placeholder={t('activities.language')}
                  aria-label={t('activities.language')}
                />
              </Form.Item>
              <Form.Item name={[row.name, 'minLevel']} style={{ margin: 0 }} initialValue="working">
                <Select options={levels} style={{ width: 120 }} aria-label={t('activities.minLevel')} />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(row.name)} aria-label={t('activities.cancel')} />
            </Space>
          ))}
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ minLevel: 'working' })}
            data-testid="add-language"
          >
            {t('activities.addLanguage')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Space>
      )}
    </Form.List>
  );
}

/** One position of a new activity: its name, places, how applicants are accepted and what they must bring. */
export function PositionFields({
  name,
  index,
  onRemove,
  projectInsurance,
}: {
  name: number;
  index: number;
  onRemove?: () => void;
  projectInsurance: boolean;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const skills = useSkills();
  const courses = useCourses();
  const minors = Form.useWatch(['positions', name, 'minorsAllowed'], form);
  const reviewModes = useEnumOptions('activities.reviewModes', ['auto', 'review']);
  return (
    <Card
      size="small"
      title={t('activities.position', { n: index + 1 })}
      extra={
        onRemove && <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('activities.removePosition')} />
      }
      data-testid="position-card"
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name={[name, 'name']} label={t('activities.positionName')} rules={[{ required: true, whitespace: true, max: 60 }]}>
            <Input maxLength={60} placeholder={t('activities.positionNamePlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={10} sm={4}>
          <Form.Item name={[name, 'headcount']} label={t('activities.headcount')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={14} sm={8}>
          <Form.Item name={[name, 'reviewMode']} label={t('activities.reviewMode')}>
            <Radio.Group options={reviewModes} optionType="button" size="small" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={[name, 'description']} label={t('activities.positionDescription')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={1} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
      </Form.Item>
      <Typography.Text strong>{t('activities.requirements')}</Typography.Text>
      <Row gutter={12} style={{ marginTop: 8 }}>
        <Col xs={24} sm={12}>
          <Form.Item name={[name, 'skills']} label={t('activities.skills')}>
            <Select mode="multiple" allowClear options={skills.options} optionFilterProp="label" data-testid="position-skills" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={[name, 'courseIds']} label={t('activities.courses')}>
            <Select
              mode="multiple"
              allowClear
              loading={courses.isPending}
              options={(courses.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              optionFilterProp="label"
              notFoundContent={t('activities.noCourses')}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('activities.languages')}>
        <Languages name={name} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={12} sm={6}>
          <Form.Item name={[name, 'minAge']} label={t('activities.minAge')}>
            <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name={[name, 'maxAge']} label={t('activities.maxAge')}>
            <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={[name, 'insuranceRequired']}
            valuePropName="checked"
            label={t('activities.insurance')}
            extra={projectInsurance ? t('activities.insuranceByProject') : undefined}
          >
            <Checkbox disabled={projectInsurance}>{t('activities.insuranceRequired')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12} align="bottom">
        <Col xs={24} sm={12}>
          <Form.Item name={[name, 'minorsAllowed']} valuePropName="checked">
            <Checkbox data-testid="minors-allowed">{t('activities.minorsAllowed')}</Checkbox>
          </Form.Item>
        </Col>
        {minors && (
          <Col xs={24} sm={12}>
            <Form.Item name={[name, 'minorDailyHours']} label={t('activities.minorDailyHours')}>
              <InputNumber min={0.5} max={8} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
      </Row>
    </Card>
  );
}
