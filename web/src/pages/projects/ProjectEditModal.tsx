import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Col, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RISK_LEVELS } from '../../../../src/contract/index.ts';
import { api } from '../../api/client.ts';
import type { OrganizationPage } from '../../api/types.ts';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { useEnumOptions } from '../../components/catalog.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { FIELD_LABELS } from './labels.tsx';
import type { ProjectDetail, ProjectInput } from './project-api.ts';
import { useProjectCategories } from './project-api.ts';
import { RichTextEditor } from './RichText.tsx';

type Values = Omit<ProjectInput, 'budgetYuan' | 'fundingSource'> & { budgetYuan?: number | null; fundingSource?: string | null };

const FIELDS = Object.keys(FIELD_LABELS).map((field) => [field]);

/** The organizations the user runs; only active ones may start projects. */
function useMyOrganizations() {
  return useQuery({
    queryKey: ['organizations', 'manage', 'projects'],
    queryFn: () => api<OrganizationPage>('/api/organizations?pageSize=100'),
    staleTime: 60_000,
  });
}

/**
 * Creates a project (no `project`) or edits a draft or rejected one. Objections the server
 * raised — on save, or earlier when the project was submitted (`initialError`) — go onto
 * the fields they name.
 */
export function ProjectEditModal({
  project,
  initialError,
  onClose,
  onSaved,
}: {
  project?: ProjectDetail;
  initialError?: unknown;
  onClose: () => void;
  onSaved?: (project: ProjectDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const categories = useProjectCategories();
  const organizations = useMyOrganizations();
  const riskLevels = useEnumOptions('projects.riskLevels', RISK_LEVELS);
  const riskLevel = Form.useWatch('riskLevel', form);
  const mine = organizations.data?.items;

  // The only organization the user runs is the one the project is for, in its own area to start with.
  useEffect(() => {
    const active = mine?.filter((o) => o.status === 'active') ?? [];
    if (project || active.length !== 1 || form.getFieldValue('organizationId')) return;
    form.setFieldsValue({ organizationId: active[0].id, areaCode: form.getFieldValue('areaCode') ?? active[0].areaCode });
  }, [project, mine, form]);

  const save = useMutation({
    mutationFn: ({ organizationId, ...values }: Values) => {
      const body = {
        ...values,
        title: values.title.trim(),
        beneficiaries: values.beneficiaries?.trim() ?? '',
        risks: values.risks?.trim() ?? '',
        description: values.description ?? '',
        insuranceRequired: !!values.insuranceRequired,
        budgetYuan: values.budgetYuan ?? null,
        fundingSource: values.fundingSource?.trim() || null,
      };
      return project
        ? api<ProjectDetail>(`/api/projects/${project.id}`, { method: 'PATCH', json: body })
        : api<ProjectDetail>('/api/projects', { method: 'POST', json: { organizationId, ...body } });
    },
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
    onSuccess: (saved) => {
      client.setQueryData(['project', saved.id], saved);
      void client.invalidateQueries({ queryKey: ['projects'] });
      void message.success(t(project ? 'projects.saved' : 'projects.created'));
      onSaved?.(saved);
      onClose();
    },
  });

  const initial: Partial<Values> = project ?? { riskLevel: 'low', insuranceRequired: false, description: '' };

  return (
    <Modal
      open
      width={760}
      title={project ? `${t('projects.editTitle')} · ${project.title}` : t('projects.create')}
      okText={t('projects.save')}
      cancelText={t('projects.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ id: 'project-save' }}
      // The fields exist only once the dialog has opened: earlier, their errors would be lost.
      afterOpenChange={(open) => {
        if (open && initialError) setUnplaced(applyFieldErrors(form, initialError, FIELDS));
      }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        // A field the user changes drops the server's objection to it; fields without rules would keep it.
        onValuesChange={(changed) => form.setFields((Object.keys(changed) as (keyof Values)[]).map((name) => ({ name, errors: [] })))}
        data-testid="project-form"
      >
        <Form.Item name="title" label={t('projects.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Row gutter={16}>
          {!project && (
            <Col xs={24} sm={12}>
              <Form.Item name="organizationId" label={t('projects.organization')} rules={[{ required: true }]}>
                <Select
                  loading={organizations.isPending}
                  options={(mine ?? []).map((o) => ({ value: o.id, label: o.name, disabled: o.status !== 'active' }))}
                  onChange={(id: string) => {
                    const org = mine?.find((o) => o.id === id);
                    if (org && !form.getFieldValue('areaCode')) form.setFieldValue('areaCode', org.areaCode);
                  }}
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="categoryCode" label={t('projects.category')} rules={[{ required: true }]}>
              <Select options={categories.options} loading={categories.loading} data-testid="project-category" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="areaCode" label={t('projects.area')} rules={[{ required: true }]}>
          <AreaPicker onChange={() => {}} />
        </Form.Item>
        {/* A draft may be incomplete: what the review needs is checked when the project is submitted. */}
        <Form.Item name="description" label={t('projects.description')} extra={t('projects.descriptionHelp')}>
          <RichTextEditor label={t('projects.description')} />
        </Form.Item>
        <Form.Item name="beneficiaries" label={t('projects.beneficiaries')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('projects.beneficiariesPlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item
              name="riskLevel"
              label={t('projects.riskLevel')}
              extra={riskLevel === 'high' ? t('projects.riskLevelHelp') : undefined}
            >
              <Radio.Group options={riskLevels} optionType="button" data-testid="project-risk-level" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="insuranceRequired" label={t('projects.insurance')} valuePropName="checked">
              <Checkbox data-testid="project-insurance">{t('projects.insuranceRequired')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="risks" label={t('projects.risks')} extra={t('projects.risksHelp')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('projects.risksPlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item name="budgetYuan" label={t('projects.budget')}>
              <InputNumber min={0} max={100_000_000} precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="fundingSource" label={t('projects.fundingSource')} rules={[{ max: 200 }]}>
              <Input maxLength={200} placeholder={t('projects.fundingSourcePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}
