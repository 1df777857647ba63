import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, Form, Input, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { EDUCATION_LEVELS, LANGUAGE_LEVELS, POLITICAL_STATUSES, SCHOOL_TYPES } from '../../../../src/contract/index.ts';
import { AvailabilityGrid } from '../../components/AvailabilityGrid.tsx';
import { LANGUAGE_CODES, useEnumOptions, useSkills } from '../../components/catalog.ts';

/** The form names the server's field errors can land on, for applyFieldErrors(). */
export const PROFILE_FIELD_NAMES = [
  ['politicalStatus'],
  ['cadre'],
  ['education'],
  ['occupation'],
  ['schoolName'],
  ['schoolType'],
  ['skills'],
  ['languages'],
  ['availability'],
];

export interface ProfileFormValues {
  politicalStatus?: string | null;
  cadre?: boolean;
  education?: string | null;
  occupation?: string | null;
  schoolName?: string | null;
  schoolType?: string | null;
  skills?: string[];
  languages?: { code: string; level: string }[];
  availability?: number;
}

/** Form values → the API's profile: skills keep any certificate they already had. */
export function profileBody(
  values: ProfileFormValues,
  existingSkills: { code: string; certificateNo?: string | null; expiresOn?: string | null }[] = [],
) {
  return {
    politicalStatus: values.politicalStatus ?? null,
    cadre: values.cadre ?? false,
    education: values.education ?? null,
    occupation: values.occupation?.trim() || null,
    schoolName: values.schoolName?.trim() || null,
    schoolType: values.schoolType ?? null,
    skills: (values.skills ?? []).map((code) => existingSkills.find((s) => s.code === code) ?? { code }),
    languages: (values.languages ?? []).filter((l) => l?.code && l.level),
    availability: values.availability ?? 0,
  };
}

/** Skills, languages, political status, education, school and weekly availability. */
export function ProfileFields() {
  const { t } = useTranslation();
  const skills = useSkills();
  const political = useEnumOptions('vol.political', POLITICAL_STATUSES);
  const education = useEnumOptions('vol.educations', EDUCATION_LEVELS);
  const schoolTypes = useEnumOptions('vol.schoolTypes', SCHOOL_TYPES);
  const levels = useEnumOptions('vol.languageLevels', LANGUAGE_LEVELS);
  const languages = useEnumOptions('vol.languageNames', LANGUAGE_CODES);
  return (
    <>
      <Form.Item name="skills" label={t('vol.skills')}>
        <Select mode="multiple" options={skills.options} allowClear optionFilterProp="label" data-testid="skills-select" />
      </Form.Item>
      <Form.Item label={t('vol.languages')}>
        <Form.List name="languages">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <Space key={field.key} wrap>
                  <Form.Item name={[field.name, 'code']} noStyle rules={[{ required: true }]}>
                    <Select options={languages} style={{ width: 160 }} placeholder={t('vol.languages')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'level']} noStyle initialValue="working">
                    <Select options={levels} style={{ width: 110 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label="remove" />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ level: 'working' })} data-testid="add-language">
                {t('vol.languages')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="politicalStatus" label={t('vol.politicalStatus')}>
            <Select options={political} allowClear data-testid="political-select" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="cadre" valuePropName="checked" label={t('vol.cadre')} extra={t('vol.cadreHelp')}>
            <Checkbox data-testid="cadre-checkbox">{t('vol.cadreYes')}</Checkbox>
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="education" label={t('vol.education')}>
            <Select options={education} allowClear />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="occupation" label={t('vol.occupation')}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="schoolName" label={t('vol.schoolName')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="schoolType" label={t('vol.schoolType')}>
            <Select options={schoolTypes} allowClear />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="availability" label={t('vol.availability')} initialValue={0}>
        <AvailabilityGrid />
      </Form.Item>
    </>
  );
}
