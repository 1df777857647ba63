import { TrophyOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Empty, List, Rate, Row, Space, Spin, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMyHonours } from './awards-api.ts';

/** 我的荣誉: stars by confirmed hours and the awards on the volunteer's record. */
export function MyHonoursPage() {
  const { t, i18n } = useTranslation();
  const mine = useMyHonours();
  if (mine.isPending) return <Spin />;
  if (!mine.data) return <Alert type="error" showIcon title={mine.error?.message ?? t('common.error')} />;
  const data = mine.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('myHonours.title')}
      </Typography.Title>
      <Card>
        <Row gutter={[24, 16]}>
          <Col xs={24} sm={12}>
            <Typography.Text type="secondary">{t('myHonours.stars')}</Typography.Text>
            <div>
              <Rate disabled value={data.stars} count={5} data-testid="my-stars" />
            </div>
          </Col>
          <Col xs={24} sm={12}>
            <Statistic title={t('myHonours.hours')} value={data.totalHours} suffix="h" />
          </Col>
        </Row>
      </Card>
      <Card title={t('myHonours.awards')}>
        {data.awards.length === 0 ? (
          <Empty description={t('myHonours.none')} />
        ) : (
          <List
            dataSource={data.awards}
            data-testid="my-awards"
            renderItem={(a) => (
              <List.Item>
                <List.Item.Meta
                  avatar={<TrophyOutlined style={{ fontSize: 28, color: '#d4a017' }} />}
                  title={i18n.language === 'en-US' && a.titleEn ? a.titleEn : a.title}
                  description={`${t('myHonours.grantedOn', { date: a.grantedOn })} · ${t('myHonours.onRecord')}`}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
