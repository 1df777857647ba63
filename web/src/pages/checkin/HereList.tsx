import { AimOutlined, EnvironmentOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { Alert, Button, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaTime } from '../../../../src/contract/index.ts';
import { useWhen } from '../activities/labels.tsx';
import type { TodayActivity } from './checkin-api.ts';

type GeoError = 'geoUnavailable' | 'geoDenied' | 'geoFailed';

/** The phone's position, asked afresh (no cached fix: the volunteer may have just arrived). */
function currentPosition(): Promise<{ lat: number; lng: number }> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject('geoUnavailable' satisfies GeoError);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      (e) => reject((e.code === e.PERMISSION_DENIED ? 'geoDenied' : 'geoFailed') satisfies GeoError),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 0 },
    );
  });
}

export function StateTag({ a }: { a: TodayActivity }) {
  const { t } = useTranslation();
  const color = a.state === 'in' ? 'green' : a.state === 'out' ? 'blue' : 'default';
  const label = t(`checkin.state.${a.state}`);
  return (
    <Tag color={color} data-testid="today-state" data-state={a.state}>
      {a.lastAt ? t('checkin.stateAt', { state: label, at: chinaTime(new Date(a.lastAt)) }) : label}
    </Tag>
  );
}

/** Today's activities, each with "check in here" where the activity uses the geofence. */
export function HereList({
  today,
  onHere,
}: {
  today: TodayActivity[];
  /** Sends the position; its own errors are the caller's to show. */
  onHere: (a: TodayActivity, at: { lat: number; lng: number }) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const [locating, setLocating] = useState<string>();
  const [error, setError] = useState<GeoError>();

  const here = async (a: TodayActivity) => {
    setError(undefined);
    setLocating(a.activityId);
    try {
      await onHere(a, await currentPosition());
    } catch (e) {
      if (typeof e === 'string') setError(e as GeoError);
    } finally {
      setLocating(undefined);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="warning" showIcon title={t(`checkin.${error}`)} data-testid="geo-error" />}
      <List
        dataSource={today}
        renderItem={(a) => {
          const geofence = a.checkinMethods.includes('geofence') && a.lat !== null && a.lng !== null;
          return (
            <List.Item style={{ display: 'block' }} data-testid="here-item" data-title={a.title}>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Typography.Text strong>{a.title}</Typography.Text>
                  <StateTag a={a} />
                </Space>
                <Typography.Text type="secondary">
                  <FieldTimeOutlined /> {when.span(a.startsAt, a.endsAt)}
                </Typography.Text>
                <Typography.Text type="secondary">
                  <EnvironmentOutlined /> {a.address}
                </Typography.Text>
                {geofence ? (
                  <>
                    <Button
                      type="primary"
                      size="large"
                      block
                      icon={<AimOutlined />}
                      loading={locating === a.activityId}
                      disabled={!!locating && locating !== a.activityId}
                      onClick={() => void here(a)}
                      data-testid="check-in-here"
                    >
                      {locating === a.activityId ? t('checkin.locating') : t('checkin.checkInHere')}
                    </Button>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('checkin.hereHelp', { meters: a.geofenceMeters })}
                    </Typography.Text>
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('checkin.hereNoGeofence')}</Typography.Text>
                )}
              </Space>
            </List.Item>
          );
        }}
      />
    </Space>
  );
}
