import { GiftOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, List, Popconfirm, Rate, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { chinaTime, grouped, type MyRedemption, type NearOffer, type Redeemed, useMyCodes, useNearMe } from './benefits-api.ts';
import { CodeQr } from './CodeQr.tsx';

const STATUS_COLOR: Record<MyRedemption['status'], string> = { open: 'green', used: 'default', expired: 'orange', cancelled: 'default' };

/** 礼遇兑换: benefits near me (nearest first, with why one is out of reach), redeem, and my codes with their QR. */
export function BenefitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const near = useNearMe();
  const codes = useMyCodes();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['benefits'] });
    void client.invalidateQueries({ queryKey: ['points'] });
  };
  const redeem = useMutation({
    mutationFn: (id: string) => api<Redeemed>(`/api/benefits/offers/${id}/redeem`, { method: 'POST' }),
    onSuccess: () => {
      void message.success(t('benefits.redeemed'));
      refresh();
    },
    onError: (e) => void message.error(e.message),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => api(`/api/benefits/redemptions/${id}/cancel`, { method: 'POST' }),
    onSuccess: () => {
      void message.success(t('benefits.cancelled'));
      refresh();
    },
    onError: (e) => void message.error(e.message),
  });
  if (near.isPending) return <Spin />;
  if (!near.data) return <Alert type="error" showIcon title={near.error?.message ?? t('common.error')} />;
  const offer = (o: NearOffer) => (
    <List.Item
      key={o.id}
      data-testid="benefit-offer"
      actions={[
        o.kind === 'advantage' ? (
          <Typography.Text type="secondary" key="adv">
            {t('benefits.advantage')}
          </Typography.Text>
        ) : (
          <Popconfirm
            key="redeem"
            title={t('benefits.redeemConfirm', { title: o.title, price: Number(o.price), days: o.codeDays })}
            onConfirm={() => redeem.mutate(o.id)}
            disabled={!o.eligible}
          >
            <Button
              type="primary"
              icon={<GiftOutlined />}
              disabled={!o.eligible}
              loading={redeem.isPending && redeem.variables === o.id}
              data-testid="redeem"
            >
              {t('benefits.redeem')}
            </Button>
          </Popconfirm>
        ),
      ]}
    >
      <List.Item.Meta
        title={
          <Space wrap>
            <span>{o.title}</span>
            <Tag color="gold">{Number(o.price) > 0 ? t('benefits.price', { price: Number(o.price) }) : t('benefits.free')}</Tag>
            {o.minStars > 0 && <Tag color="orange">{t('benefits.minStars', { stars: o.minStars })}</Tag>}
            {o.nearness > 0 && <Tag color="blue">{t(`benefits.nearness.${o.nearness}`)}</Tag>}
          </Space>
        }
        description={
          <Space orientation="vertical" size={0}>
            <Typography.Text type="secondary">
              {o.partnerName} · {o.address} · {o.stock === null ? t('benefits.unlimited') : t('benefits.stock', { stock: o.stock })}
            </Typography.Text>
            {o.description && <Typography.Text>{o.description}</Typography.Text>}
            {o.reasons.map((r) => (
              <Typography.Text type="warning" key={r}>
                {r}
              </Typography.Text>
            ))}
          </Space>
        }
      />
    </List.Item>
  );
  const code = (r: MyRedemption) => (
    <List.Item key={r.id} data-testid="benefit-code" data-status={r.status}>
      <Row gutter={16} align="middle" style={{ width: '100%' }} wrap>
        {r.code && (
          <Col flex="none">
            <CodeQr code={r.code} />
          </Col>
        )}
        <Col flex="auto">
          <Space orientation="vertical" size={2}>
            <Space wrap>
              <Typography.Text strong>{r.title}</Typography.Text>
              <Tag color={STATUS_COLOR[r.status]}>{t(`benefits.status.${r.status}`)}</Tag>
            </Space>
            <Typography.Text type="secondary">
              {r.partnerName} · {r.address}
            </Typography.Text>
            {r.code && (
              <Typography.Text
                style={{ fontSize: 22, letterSpacing: 2 }}
                copyable={{ text: r.code }}
                data-testid="code-digits"
                data-code={r.code}
              >
                {grouped(r.code)}
              </Typography.Text>
            )}
            <Typography.Text type="secondary">
              {r.status === 'used' && r.usedAt
                ? t('benefits.usedAt', { at: chinaTime(r.usedAt) })
                : t('benefits.expiresAt', { at: chinaTime(r.expiresAt) })}
            </Typography.Text>
            {r.code && <Typography.Text type="secondary">{t('benefits.codeHelp')}</Typography.Text>}
          </Space>
        </Col>
        {r.status === 'open' && (
          <Col flex="none">
            <Popconfirm title={t('benefits.cancelConfirm')} onConfirm={() => cancel.mutate(r.id)}>
              <Button danger loading={cancel.isPending && cancel.variables === r.id}>
                {t('benefits.cancel')}
              </Button>
            </Popconfirm>
          </Col>
        )}
      </Row>
    </List.Item>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('benefits.title')}
      </Typography.Title>
      <Card>
        <Row gutter={[24, 16]} align="middle">
          <Col xs={12} sm={8}>
            <Statistic title={t('benefits.balance')} value={near.data.balance} data-testid="benefits-balance" />
          </Col>
          <Col xs={12} sm={8}>
            <Typography.Text type="secondary">{t('benefits.stars')}</Typography.Text>
            <div>
              <Rate disabled value={near.data.stars} />
            </div>
          </Col>
          <Col xs={24} sm={8}>
            <Typography.Text type="secondary">{t('benefits.how')}</Typography.Text>
          </Col>
        </Row>
      </Card>
      <Card title={t('benefits.mine')}>
        <List
          dataSource={codes.data ?? []}
          loading={codes.isPending}
          renderItem={code}
          locale={{ emptyText: <Empty description={t('benefits.noCodes')} /> }}
          data-testid="benefit-codes"
        />
      </Card>
      <Card title={t('benefits.near')}>
        <List dataSource={near.data.offers} renderItem={offer} locale={{ emptyText: <Empty description={t('benefits.empty')} /> }} />
      </Card>
    </Space>
  );
}
