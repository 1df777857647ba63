import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client.ts';
import type { Me, Schemas } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { useUrlParams } from '../../components/url-params.ts';

type Report = Schemas['ServiceGuardReport'];
type ManyRow = Schemas['OverServiceRow'];
type NotServedRow = Schemas['NotServedRow'];
type GuardEvent = Schemas['GuardEvent'];

const DAY = 'YYYY-MM-DD';

/**
 * 防过度服务报表 (issue 18): per area and period, who is served a lot (red where a category's rule
 * was exceeded), who is registered but was not served, and the guard's warnings and overrides.
 * The area and period live in the address, so a view can be shared.
 */
export function ServiceGuardPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data as Me;
  const home = me.grants.find((g) => g.areaCode)?.areaCode ?? '';
  const [params, change] = useUrlParams();
  const within = params.get('within') || home;
  const until = params.get('until') || dayjs().format(DAY);
  const from = params.get('from') || dayjs(until).subtract(29, 'day').format(DAY);
  const set = (next: Record<string, string>) => change(() => new URLSearchParams({ within, from, until, ...next }), { replace: false });
  const report = useQuery({
    queryKey: ['service-guard', within, from, until],
    queryFn: () => api<Report>(`/api/reports/service-guard${query({ within, from, until })}`),
    enabled: !!within,
  });
  const en = i18n.language.startsWith('en');

  const manyColumns = [
    { title: t('serviceGuard.name'), dataIndex: 'name' },
    { title: t('serviceGuard.community'), dataIndex: 'areaName' },
    { title: t('serviceGuard.category'), render: (_: unknown, r: ManyRow) => (en ? r.categoryNameEn : r.categoryNameZh) },
    { title: t('serviceGuard.services'), dataIndex: 'services', align: 'right' as const },
    { title: t('serviceGuard.maxPerDay'), dataIndex: 'maxPerDay', align: 'right' as const },
    { title: t('serviceGuard.maxPerWeek'), dataIndex: 'maxPerWeek', align: 'right' as const },
    {
      title: t('serviceGuard.rule'),
      render: (_: unknown, r: ManyRow) =>
        r.guard
          ? [
              r.guard.perDay !== undefined && t('serviceGuard.perDay', { limit: r.guard.perDay }),
              r.guard.perWeek !== undefined && t('serviceGuard.perWeek', { limit: r.guard.perWeek }),
            ]
              .filter(Boolean)
              .join(t('serviceGuard.and'))
          : t('serviceGuard.noRule'),
    },
    {
      title: '',
      render: (_: unknown, r: ManyRow) =>
        r.exceeded ? <Tag color="error">{t('serviceGuard.exceeded')}</Tag> : <Tag>{t('serviceGuard.within')}</Tag>,
    },
    { title: t('serviceGuard.lastOn'), dataIndex: 'lastOn' },
  ];
  const notServedColumns = [
    { title: t('serviceGuard.name'), dataIndex: 'name' },
    { title: t('serviceGuard.community'), dataIndex: 'areaName' },
    { title: t('serviceGuard.registeredOn'), dataIndex: 'registeredOn' },
    {
      title: t('serviceGuard.lastServedOn'),
      render: (_: unknown, r: NotServedRow) => r.lastServedOn ?? <Tag color="warning">{t('serviceGuard.never')}</Tag>,
    },
    { title: t('serviceGuard.openRequests'), dataIndex: 'openRequests', align: 'right' as const },
  ];
  const eventColumns = [
    { title: t('serviceGuard.at'), render: (_: unknown, e: GuardEvent) => dayjs(e.at).format('YYYY-MM-DD HH:mm') },
    {
      title: t('serviceGuard.kind'),
      render: (_: unknown, e: GuardEvent) => (
        <Tag color={e.kind === 'guard_overridden' ? 'error' : 'warning'}>{t(`serviceGuard.kinds.${e.kind}`)}</Tag>
      ),
    },
    { title: t('serviceGuard.name'), dataIndex: 'name' },
    { title: t('serviceGuard.requestNo'), dataIndex: 'requestNo' },
    {
      title: t('serviceGuard.rule'),
      render: (_: unknown, e: GuardEvent) =>
        e.params.count !== undefined ? t('serviceGuard.counted', { count: e.params.count, limit: e.params.limit ?? '—' }) : '',
    },
    { title: t('serviceGuard.actor'), dataIndex: 'actorName' },
    { title: t('serviceGuard.reason'), render: (_: unknown, e: GuardEvent) => (e.params.reason as string | undefined) ?? '' },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="service-guard-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('serviceGuard.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap size="large">
          <Space>
            <span>{t('serviceGuard.area')}</span>
            <div style={{ width: 320 }}>
              <AreaPicker value={within || undefined} onChange={(code) => code && set({ within: code })} />
            </div>
          </Space>
          <Space>
            <span>{t('serviceGuard.period')}</span>
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(from), dayjs(until)]}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              onChange={(range) => range?.[0] && range[1] && set({ from: range[0].format(DAY), until: range[1].format(DAY) })}
              data-testid="service-guard-period"
            />
          </Space>
          <Button
            icon={<DownloadOutlined />}
            disabled={!report.data}
            href={`/api/reports/service-guard/export.xlsx${query({ within, from, until })}`}
            download
            data-testid="service-guard-export"
          >
            {t('serviceGuard.export')}
          </Button>
        </Space>
      </Card>
      {report.error && <Alert type="error" showIcon title={(report.error as Error).message} data-testid="service-guard-error" />}
      <Card title={t('serviceGuard.many')} data-testid="many-services">
        <Typography.Paragraph type="secondary">{t('serviceGuard.manyHelp')}</Typography.Paragraph>
        <Table<ManyRow>
          rowKey={(r) => `${r.beneficiaryId}-${r.categoryCode}`}
          size="small"
          loading={report.isPending && !!within}
          dataSource={report.data?.manyServices}
          columns={manyColumns}
          scroll={{ x: 900 }}
        />
      </Card>
      <Card title={t('serviceGuard.notServed')} data-testid="not-served">
        <Table<NotServedRow>
          rowKey="beneficiaryId"
          size="small"
          loading={report.isPending && !!within}
          dataSource={report.data?.notServed}
          columns={notServedColumns}
          scroll={{ x: 700 }}
        />
      </Card>
      <Card title={t('serviceGuard.events')} data-testid="guard-events">
        <Table<GuardEvent>
          rowKey={(e) => `${e.requestId}-${e.at}-${e.kind}`}
          size="small"
          loading={report.isPending && !!within}
          dataSource={report.data?.guardEvents}
          columns={eventColumns}
          scroll={{ x: 900 }}
        />
      </Card>
    </Space>
  );
}
