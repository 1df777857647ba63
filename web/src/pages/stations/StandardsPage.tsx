import { Breadcrumb, Card, Result, Space, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StationStandard } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { useStandards } from './labels.tsx';
import { RetiredStandardsCard } from './RetiredStandardsCard.tsx';
import { StandardsEditor } from './StandardsEditor.tsx';

/** What everyone but the city admin sees: the checklist in force, in order, and the retired items. */
function StandardsList({ standards }: { standards: StationStandard[] }) {
  const { t } = useTranslation();
  const active = standards.filter((s) => s.active);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('stations.checklist.inForce', { n: active.length })}>
        <Table<StationStandard>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={active}
          data-testid="standards-table"
          columns={[
            { title: t('stations.checklist.order'), width: 80, render: (_, _s, index) => index + 1 },
            {
              title: t('stations.checklist.code'),
              width: 240,
              dataIndex: 'code',
              responsive: ['md'],
              render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
            },
            { title: t('stations.checklist.nameZh'), dataIndex: 'nameZh' },
            { title: t('stations.checklist.nameEn'), dataIndex: 'nameEn' },
          ]}
        />
      </Card>
      <RetiredStandardsCard entries={standards.filter((s) => !s.active).map((standard) => ({ standard }))} />
    </Space>
  );
}

/** The standards checklist inspections are held against: everyone may read it, the city admin edits it. */
export function StandardsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  // Fresh on arrival: an edit should start from the checklist as it is now.
  const standards = useStandards('always');
  const mayConfigure = can(me, 'station.configureStandards');

  let body: React.ReactNode;
  if (standards.isError) body = <Result status="error" title={standards.error.message} />;
  else if (!standards.data) body = <Spin />;
  // Keyed by content: after a save (or someone else's) the form starts again from what the server holds.
  else if (mayConfigure) body = <StandardsEditor key={JSON.stringify(standards.data)} standards={standards.data} />;
  else body = <StandardsList standards={standards.data} />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/stations">{t('stations.title')}</Link> }, { title: t('stations.checklist.title') }]} />
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('stations.checklist.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="standards-intro">
          {t('stations.checklist.intro')}
          {!mayConfigure && ` ${t('stations.checklist.readOnly')}`}
        </Typography.Paragraph>
      </div>
      {body}
    </Space>
  );
}
