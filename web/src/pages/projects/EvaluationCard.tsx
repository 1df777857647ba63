import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Divider, Form, Input, Rate, Row, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { ProjectDetail, RaterKind } from './project-api.ts';

const LABEL: Record<RaterKind, string> = { volunteer: 'evaluation.volunteerRating', beneficiary: 'evaluation.beneficiaryRating' };

/** One side's average, read-only, with how many people it stands for. */
function Average({ kind, rating }: { kind: RaterKind; rating: ProjectDetail['ratings'][RaterKind] }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`rating-${kind}`}>
      <Typography.Text type="secondary">{t(LABEL[kind])}</Typography.Text>
      <div>
        <Space wrap>
          <Rate disabled allowHalf value={rating.average == null ? 0 : Math.round(rating.average * 2) / 2} />
          {rating.average == null ? (
            <Typography.Text type="secondary">{t('evaluation.none')}</Typography.Text>
          ) : (
            <Typography.Text>
              <Typography.Text strong data-testid="rating-average">
                {rating.average.toFixed(1)}
              </Typography.Text>{' '}
              · <span data-testid="rating-count">{t('evaluation.count', { count: rating.count })}</span>
            </Typography.Text>
          )}
        </Space>
      </div>
    </div>
  );
}

/** 我来评价: one rating per person; rating again replaces it. */
function RateForm({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ score: number; comment?: string }>();
  const rate = useMutation({
    mutationFn: (values: { score: number; comment?: string }) =>
      api<ProjectDetail>(`/api/projects/${project.id}/ratings`, { method: 'POST', json: values }),
    onSuccess: (detail) => {
      client.setQueryData(['project', project.id], detail);
      void message.success(t('evaluation.rated'));
    },
    onError: (error) => {
      for (const m of applyFieldErrors(form, error, [['score'], ['comment']])) void message.error(m);
    },
  });
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={project.myRating ? { score: project.myRating.score, comment: project.myRating.comment ?? undefined } : undefined}
      onFinish={(v) => rate.mutate({ score: v.score, comment: v.comment?.trim() || undefined })}
      data-testid="rate-form"
    >
      <Typography.Title level={5}>{t('evaluation.rateTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(project.mayRate === 'volunteer' ? 'evaluation.rateAsVolunteer' : 'evaluation.rateAsBeneficiary')}
      </Typography.Paragraph>
      <Form.Item name="score" label={t('evaluation.score')} rules={[{ required: true, message: t('evaluation.scoreRequired') }]}>
        <Rate data-testid="rate-score" />
      </Form.Item>
      <Form.Item name="comment" label={t('evaluation.comment')}>
        <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('evaluation.commentPlaceholder')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={rate.isPending} data-testid="submit-rating">
        {t('evaluation.submit')}
      </Button>
    </Form>
  );
}

/** 项目评估: what the rosters add up to, how volunteers and the people served rate it, and the organizer's summary. */
export function EvaluationCard({ project }: { project: ProjectDetail }) {
  const { t, i18n } = useTranslation();
  const { figures, ratings } = project;
  const hours = t('workload.hours');
  const all: [string, number | undefined, string?][] = [
    ['activities', figures.activities],
    ['volunteers', figures.volunteers],
    ['plannedHours', figures.plannedHours, hours],
    ['servedVolunteers', figures.servedVolunteers],
    ['confirmedHours', figures.confirmedHours, hours],
  ];
  const shown = all.filter((f): f is [string, number, string?] => f[1] != null);
  return (
    <Card title={t('evaluation.title')} data-testid="project-evaluation">
      <Row gutter={[16, 16]}>
        {shown.map(([key, value, unit]) => (
          <Col key={key} flex="1 0 140px" data-testid={`figure-${key}`}>
            <Statistic
              title={t(`evaluation.${key}`)}
              value={value.toLocaleString(i18n.language, { maximumFractionDigits: 1 })}
              suffix={unit}
            />
          </Col>
        ))}
      </Row>
      <Divider />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Average kind="volunteer" rating={ratings.volunteer} />
        </Col>
        <Col xs={24} md={12}>
          <Average kind="beneficiary" rating={ratings.beneficiary} />
        </Col>
      </Row>
      {project.evaluationSummary && (
        <>
          <Divider />
          <Typography.Text type="secondary">{t('evaluation.summary')}</Typography.Text>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="evaluation-summary">
            {project.evaluationSummary}
          </Typography.Paragraph>
        </>
      )}
      {project.mayRate && (
        <>
          <Divider />
          <RateForm project={project} />
        </>
      )}
    </Card>
  );
}
