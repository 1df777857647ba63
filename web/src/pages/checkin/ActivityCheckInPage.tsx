import { Alert, Breadcrumb, Col, Result, Row, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Me } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { type ActivityDetail, useActivity } from '../activities/activity-api.ts';
import { useWhen } from '../activities/labels.tsx';
import { CodePanel } from './CodePanel.tsx';
import { useSheet } from './checkin-api.ts';
import { EcardScanCard } from './EcardScanCard.tsx';
import { SheetCard } from './SheetCard.tsx';
import './checkin.css';

/** The keeper of the activity's station may scan e-cards there (policy: attendance.scan, station scope), nothing more. */
export const keepsStationOf = (me: Me | null | undefined, a: Pick<ActivityDetail, 'stationId'>) =>
  !!a.stationId && !!me?.grants.some((g) => g.role === 'station_keeper' && g.stationId === a.stationId);

/** The organizer's check-in screen for one activity: the rotating code to show, the live sheet, e-card scanning, entries by hand. */
export function ActivityCheckInPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe().data;
  const when = useWhen();
  const activity = useActivity(id);
  const a = activity.data;
  const manages = !!a?.mayManage;
  const sheet = useSheet(id, manages);

  if (activity.isError) return <Result status="404" title={t('activities.notFound')} subTitle={activity.error.message} />;
  if (!a) return <Spin />;
  const keeper = !manages && keepsStationOf(me, a);
  if (!manages && !keeper) return <Result status="403" title={t('activities.notFound')} />;
  const ecardOn = a.checkinMethods.includes('ecard');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="checkin-screen">
      <Breadcrumb items={[{ title: <Link to={`/activities/${a.id}`}>{a.title}</Link> }, { title: t('checkin.screen.title') }]} />
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {a.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          {when.span(a.startsAt, a.endsAt)} · {a.address}
        </Typography.Text>
      </div>
      {manages ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            {a.checkinMethods.includes('code') ? (
              <CodePanel activityId={a.id} />
            ) : (
              <Alert type="info" showIcon title={t('checkin.screen.codeOff')} />
            )}
          </Col>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {sheet.isError && <Alert type="error" showIcon title={sheet.error.message} />}
              <SheetCard sheet={sheet.data} loading={sheet.isPending} />
              {ecardOn && <EcardScanCard activityId={a.id} />}
            </Space>
          </Col>
        </Row>
      ) : ecardOn ? (
        <EcardScanCard activityId={a.id} note={t('checkin.ecard.keeper')} />
      ) : (
        <Alert type="info" showIcon title={t('checkin.ecard.off')} />
      )}
    </Space>
  );
}
