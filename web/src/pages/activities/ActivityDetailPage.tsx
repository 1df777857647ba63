import { CalendarOutlined, EditOutlined, QrcodeOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../auth/session.ts';
import { keepsStationOf } from '../checkin/ActivityCheckInPage.tsx';
import { RiskTag } from '../projects/labels.tsx';
import { useProjectCategories } from '../projects/project-api.ts';
import { ActivityCancelModal, ActivityChangeModal } from './ActivityManageModals.tsx';
import { type ActivityDetail, isVolunteer, useActivity } from './activity-api.ts';
import { ActivityStatusTag, useWhen } from './labels.tsx';
import { PositionsCard } from './PositionsCard.tsx';
import { RosterCard } from './RosterCard.tsx';

function Facts({ a }: { a: ActivityDetail }) {
  const { t } = useTranslation();
  const when = useWhen();
  const categories = useProjectCategories();
  return (
    <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="activity-facts">
      <Descriptions.Item label={t('activities.when')}>
        <span data-testid="activity-when">{when.span(a.startsAt, a.endsAt)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('activities.place')}>
        <span data-testid="activity-place">
          {a.stationName && <Typography.Text strong>{a.stationName} </Typography.Text>}
          {a.address}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('activities.project')}>
        <Link to={`/projects/${a.project.id}`}>{a.project.title}</Link>
      </Descriptions.Item>
      <Descriptions.Item label={t('activities.organization')}>
        <Link to={`/organizations/${a.project.organizationId}`}>{a.project.organizationName}</Link>
      </Descriptions.Item>
      <Descriptions.Item label={t('activities.category')}>{categories.label(a.project.categoryCode)}</Descriptions.Item>
      <Descriptions.Item label={t('activities.checkinMethods')}>
        {a.checkinMethods.map((m) => t(`activities.checkin.${m}`)).join(t('activities.separator'))}
      </Descriptions.Item>
      <Descriptions.Item label={t('activities.applyDeadline')}>{when.at(a.applyDeadline)}</Descriptions.Item>
      <Descriptions.Item label={t('activities.cancelDeadline')}>{when.at(a.cancelDeadline)}</Descriptions.Item>
    </Descriptions>
  );
}

/** 风险告知 (条例 Art 12): what the project's organizer disclosed, before a volunteer applies. */
function Risks({ a }: { a: ActivityDetail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('activities.risks')} extra={<RiskTag level={a.project.riskLevel} />} data-testid="activity-risks">
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.project.risks || t('activities.risksNone')}</Typography.Paragraph>
      <Typography.Text type="secondary">
        {t('activities.insurance')}：{t(a.project.insuranceRequired ? 'projects.insuranceYes' : 'projects.insuranceNo')}
      </Typography.Text>
    </Card>
  );
}

/** One activity: its facts and risks, its positions (and applying to them), and for its organizer the roster and changes. */
export function ActivityDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe().data;
  const activity = useActivity(id);
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const a = activity.data;

  if (activity.isError) {
    return (
      <Result
        status="404"
        title={t('activities.notFound')}
        subTitle={activity.error.message}
        extra={
          <Link to="/activities">
            <Button>{t('find.title')}</Button>
          </Link>
        }
      />
    );
  }
  if (!a) return <Spin />;
  const upcoming = a.status === 'scheduled' && new Date(a.endsAt) > new Date();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to={`/projects/${a.project.id}`}>{a.project.title}</Link> }, { title: a.title }]} />
      {a.status === 'cancelled' && <Alert type="error" showIcon title={t('activities.cancelledTitle')} data-testid="activity-cancelled" />}
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="activity-title">
              {a.title}
            </Typography.Title>
            <ActivityStatusTag status={a.status} endsAt={a.endsAt} />
            {a.seriesId && <Tag>{t('activities.series')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {a.status === 'scheduled' && (a.mayManage || keepsStationOf(me, a)) && (
              <Link to={`/activities/${a.id}/check-in`} data-testid="open-checkin-screen">
                <Button type="primary" icon={<QrcodeOutlined />} tabIndex={-1}>
                  {t('checkin.screen.open')}
                </Button>
              </Link>
            )}
            {a.mayManage && upcoming && (
              <>
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-activity">
                  {t('activities.edit')}
                </Button>
                <Button danger icon={<StopOutlined />} onClick={() => setCancelling(true)} data-testid="cancel-activity">
                  {t('activities.cancelActivity')}
                </Button>
              </>
            )}
            {a.status === 'scheduled' && (
              <Button
                icon={<CalendarOutlined />}
                href={`/api/calendar/activity/${a.id}`}
                title={t('activities.calendarHelp')}
                data-testid="activity-ics"
              >
                {t('activities.calendar')}
              </Button>
            )}
          </Space>
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        <Facts a={a} />
        {a.description && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '12px 0 0' }} data-testid="activity-description">
            {a.description}
          </Typography.Paragraph>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        {/* On a phone the risks come first: a volunteer reads them before applying (条例 Art 12). */}
        <Col xs={24} lg={{ span: 9, order: 2 }}>
          <Risks a={a} />
        </Col>
        <Col xs={24} lg={{ span: 15, order: 1 }}>
          <PositionsCard activity={a} volunteer={isVolunteer(me)} />
        </Col>
      </Row>
      {a.mayManage && <RosterCard activity={a} />}
      {editing && <ActivityChangeModal activity={a} onClose={() => setEditing(false)} />}
      {cancelling && <ActivityCancelModal activity={a} onClose={() => setCancelling(false)} />}
    </Space>
  );
}
