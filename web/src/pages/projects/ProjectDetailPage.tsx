import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ProjectAction, ProjectStatus } from '../../../../src/contract/index.ts';
import { ApiError, api } from '../../api/client.ts';
import { AreaName } from '../../components/AreaName.tsx';
import { ProjectActivitiesCard } from '../activities/ProjectActivitiesCard.tsx';
import { EvaluationCard } from './EvaluationCard.tsx';
import { chinaTime, FIELD_LABELS, RiskTag, StatusTag } from './labels.tsx';
import { ProjectActionModal } from './ProjectActionModal.tsx';
import { ProjectEditModal } from './ProjectEditModal.tsx';
import { type ProjectDetail, type ProjectEvent, useProjectCategories } from './project-api.ts';
import { RichText } from './RichText.tsx';

const FORWARD: ProjectAction[] = ['submit', 'approve', 'recruit', 'start', 'close', 'evaluate'];
/** The project has run, so its figures and ratings mean something (ratings open once it runs). */
const EVALUATED: ProjectStatus[] = ['running', 'closed', 'evaluated'];
const EVENT_COLOR: Partial<Record<ProjectStatus, string>> = { rejected: 'red', approved: 'green', recruiting: 'green', evaluated: 'gray' };

function History({ events }: { events: ProjectEvent[] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('projects.history')}>
      <Timeline
        data-testid="project-history"
        items={events.map((e) => ({
          color: EVENT_COLOR[e.toStatus] ?? 'blue',
          content: (
            <div data-testid="project-event">
              <Typography.Text strong>{t(`projects.events.${e.action}`, { defaultValue: e.action })}</Typography.Text>
              <Typography.Text type="secondary">
                {' '}
                {e.fromStatus ? `${t(`projects.statuses.${e.fromStatus}`)} → ` : ''}
                {t(`projects.statuses.${e.toStatus}`)}
              </Typography.Text>
              <div>
                {e.actorLabel} · {chinaTime(e.at)}
              </div>
              {e.note && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Paragraph>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/** The server's objections to submitting: each field named as the form names it, with what it lacks. */
function NotReady({ refusal, onFix }: { refusal: ApiError; onFix?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      title={t('projects.notReady')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {refusal.issues.map((i) => (
            <li key={`${i.field}:${i.rule}`}>
              <Typography.Text strong>{FIELD_LABELS[i.field] ? t(FIELD_LABELS[i.field]) : i.field}</Typography.Text>：{i.message}
            </li>
          ))}
        </ul>
      }
      action={
        onFix && (
          <Button type="primary" icon={<EditOutlined />} onClick={onFix} data-testid="fix-project">
            {t('projects.fixFields')}
          </Button>
        )
      }
      data-testid="project-not-ready"
    />
  );
}

function Facts({ p }: { p: ProjectDetail }) {
  const { t, i18n } = useTranslation();
  const categories = useProjectCategories();
  return (
    <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" data-testid="project-facts">
      <Descriptions.Item label={t('projects.category')}>{categories.label(p.categoryCode)}</Descriptions.Item>
      <Descriptions.Item label={t('projects.area')}>
        <AreaName code={p.areaCode} />
      </Descriptions.Item>
      <Descriptions.Item label={t('projects.organization')}>
        <Link to={`/organizations/${p.organizationId}`}>{p.organizationName}</Link>
      </Descriptions.Item>
      <Descriptions.Item label={t('projects.riskLevel')}>
        <RiskTag level={p.riskLevel} />
      </Descriptions.Item>
      <Descriptions.Item label={t('projects.insurance')}>
        {t(p.insuranceRequired ? 'projects.insuranceYes' : 'projects.insuranceNo')}
      </Descriptions.Item>
      <Descriptions.Item label={t('projects.budget')}>
        {p.budgetYuan != null
          ? `¥${p.budgetYuan.toLocaleString(i18n.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
          : t('projects.budgetNone')}
      </Descriptions.Item>
      <Descriptions.Item label={t('projects.fundingSource')}>{p.fundingSource ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('projects.createdAt')}>{chinaTime(p.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('projects.updatedAt')}>{chinaTime(p.updatedAt)}</Descriptions.Item>
    </Descriptions>
  );
}

export function ProjectDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [editing, setEditing] = useState(false);
  const [acting, setActing] = useState<ProjectAction>();
  const [refusal, setRefusal] = useState<ApiError>();
  const project = useQuery({
    queryKey: ['project', id],
    queryFn: () => api<ProjectDetail>(`/api/projects/${id}`),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const p = project.data;

  if (project.isError) {
    return (
      <Result
        status="404"
        title={project.error.message}
        extra={
          <Link to="/projects">
            <Button>{t('projects.back')}</Button>
          </Link>
        }
      />
    );
  }
  if (!p) return <Spin />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/projects">{t('projects.title')}</Link> }, { title: p.title }]} />
      {p.status === 'rejected' && p.statusReason && (
        <Alert
          type="error"
          showIcon
          title={t('projects.rejectedTitle')}
          description={
            <>
              <div>
                {t('projects.statusReason')}：
                <Typography.Text strong data-testid="project-status-reason">
                  {p.statusReason}
                </Typography.Text>
              </div>
              {p.mayEdit && <div>{t('projects.rejectedHint')}</div>}
            </>
          }
          data-testid="project-rejected"
        />
      )}
      {refusal && <NotReady refusal={refusal} onFix={p.mayEdit ? () => setEditing(true) : undefined} />}
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="project-title">
              {p.title}
            </Typography.Title>
            <StatusTag status={p.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {p.actions.map((action) => (
              <Button
                key={action}
                type={FORWARD.includes(action) ? 'primary' : 'default'}
                danger={action === 'reject'}
                onClick={() => {
                  setRefusal(undefined);
                  setActing(action);
                }}
                data-testid={`project-action-${action}`}
              >
                {t(`projects.actions.${action}`)}
              </Button>
            ))}
            {p.mayEdit && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-project">
                {t('projects.edit')}
              </Button>
            )}
          </Space>
        }
      >
        <Facts p={p} />
      </Card>
      <ProjectActivitiesCard project={p} />
      {(EVALUATED.includes(p.status) || p.evaluationSummary) && <EvaluationCard project={p} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('projects.description')}>
              <RichText html={p.description} />
            </Card>
            <Card title={t('projects.beneficiaries')}>
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="project-beneficiaries">
                {p.beneficiaries || '—'}
              </Typography.Paragraph>
            </Card>
            <Card title={t('projects.risks')} extra={<RiskTag level={p.riskLevel} />}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="project-risks">
                {p.risks || t('projects.risksNone')}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {t('projects.risksHelp')}
              </Typography.Paragraph>
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <History events={p.events} />
        </Col>
      </Row>
      {editing && (
        <ProjectEditModal project={p} initialError={refusal} onClose={() => setEditing(false)} onSaved={() => setRefusal(undefined)} />
      )}
      {acting && (
        <ProjectActionModal
          project={p}
          action={acting}
          onClose={() => setActing(undefined)}
          onRefused={(error) => {
            setRefusal(error);
            setActing(undefined);
          }}
        />
      )}
    </Space>
  );
}
