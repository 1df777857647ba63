import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaTime } from '../../../../src/contract/index.ts';
import type { AttendanceSheet, SheetPerson } from './checkin-api.ts';
import { ManualModal } from './ManualModal.tsx';

const STATE_COLOR = { none: 'default', in: 'green', out: 'blue' } as const;
const time = (iso: string | null) => (iso ? chinaTime(new Date(iso)) : '—');

/** The roster as the room stands: who is in now, their record's times and hours, and what waits for review. */
export function SheetCard({ sheet, loading }: { sheet: AttendanceSheet | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const [manual, setManual] = useState<SheetPerson>();
  const people = sheet?.people ?? [];
  const manualOn = sheet?.activity.checkinMethods.includes('manual') ?? false;
  const summary = t('checkin.sheet.summary', {
    total: people.length,
    in: people.filter((p) => p.state === 'in').length,
    review: people.reduce((n, p) => n + p.inReview, 0),
  });

  return (
    <Card
      title={t('checkin.sheet.title')}
      extra={<Typography.Text type="secondary">{summary}</Typography.Text>}
      data-testid="attendance-sheet"
    >
      <Table<SheetPerson>
        rowKey="enrollmentId"
        size="small"
        loading={loading}
        dataSource={people}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('checkin.sheet.empty') }}
        onRow={(p) => ({ 'data-testid': 'sheet-row', 'data-volunteer': p.volunteerNo, 'data-state': p.state }) as object}
        columns={[
          {
            title: t('checkin.sheet.name'),
            key: 'name',
            render: (_, p) => (
              <>
                <div>{p.name}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {p.volunteerNo}
                </Typography.Text>
              </>
            ),
          },
          { title: t('checkin.sheet.position'), dataIndex: 'position', key: 'position', responsive: ['md'] },
          {
            title: t('checkin.sheet.state'),
            key: 'state',
            render: (_, p) => (
              <>
                <Tag color={STATE_COLOR[p.state]} data-testid="sheet-state">
                  {t(`checkin.state.${p.state}`)}
                </Tag>
                {p.inReview > 0 && (
                  <Tag color="orange" data-testid="sheet-review">
                    {t('checkin.sheet.review', { n: p.inReview })}
                  </Tag>
                )}
              </>
            ),
          },
          { title: t('checkin.sheet.checkIn'), key: 'in', render: (_, p) => time(p.checkInAt) },
          { title: t('checkin.sheet.checkOut'), key: 'out', render: (_, p) => time(p.checkOutAt) },
          {
            title: t('checkin.sheet.hours'),
            key: 'hours',
            render: (_, p) => (p.recordId ? t('checkin.sheet.hoursValue', { hours: (p.creditHours ?? 0) + (p.addedHours ?? 0) }) : '—'),
          },
          ...(manualOn
            ? [
                {
                  title: '',
                  key: 'manual',
                  render: (_: unknown, p: SheetPerson) => (
                    <Button size="small" icon={<EditOutlined />} onClick={() => setManual(p)} data-testid="sheet-manual">
                      {t('checkin.sheet.manual')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {manual && sheet && <ManualModal activityId={sheet.activity.id} person={manual} onClose={() => setManual(undefined)} />}
    </Card>
  );
}
