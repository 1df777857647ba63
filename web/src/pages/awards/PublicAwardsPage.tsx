import { TranslationOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { changeLanguage } from '../../i18n/index.ts';
import { type AwardNotice, type HonoursRollRound, titleOf, useAwardNotices, useHonoursRoll } from './awards-api.ts';

type Entry = AwardNotice['entries'][number];

/** Objecting to one name on a notice: a reason and a way to reach the objector (sealed, shown masked). */
function ObjectModal({ entry, onClose }: { entry: Entry; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string; contact: string }>();
  const send = useMutation({
    mutationFn: (v: { reason: string; contact: string }) =>
      api<{ noticeEndsOn: string }>(`/api/awards/nominees/${entry.id}/objections`, { method: 'POST', json: v }),
    onSuccess: (r) => {
      void client.invalidateQueries({ queryKey: ['awards', 'notices'] });
      void message.success(t('awardNotice.submitted', { date: r.noticeEndsOn }));
      onClose();
    },
    onError: (error) => {
      for (const m of applyFieldErrors(form, error, [['reason'], ['contact']])) void message.error(m);
    },
  });
  return (
    <Modal
      open
      title={t('awardNotice.objectTitle', { name: entry.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('awardNotice.submit')}
      confirmLoading={send.isPending}
    >
      <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v)} data-testid="objection-form">
        <Form.Item name="reason" label={t('awardNotice.reason')} rules={[{ required: true, min: 10 }]}>
          <Input.TextArea rows={4} maxLength={1000} data-testid="objection-reason" />
        </Form.Item>
        <Form.Item
          name="contact"
          label={t('awardNotice.contact')}
          extra={t('awardNotice.contactHelp')}
          rules={[{ required: true, min: 5 }]}
        >
          <Input maxLength={80} data-testid="objection-contact" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RoundCard({ round, objecting }: { round: AwardNotice | HonoursRollRound; objecting?: (e: Entry) => void }) {
  const { t, i18n } = useTranslation();
  const notice = 'objectionsOpen' in round;
  return (
    <Card
      title={titleOf(round, i18n.language)}
      extra={
        notice ? (
          <Tag color="orange">{t('awardNotice.until', { date: round.noticeEndsOn })}</Tag>
        ) : (
          <Tag color="green">{round.finalizedOn}</Tag>
        )
      }
      data-testid={notice ? 'notice-round' : 'roll-round'}
    >
      <Table<Entry>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={round.entries}
        columns={[
          { title: t('awards.name'), dataIndex: 'name' },
          { title: t('awards.organization'), dataIndex: 'organization', render: (v: string | null) => v ?? '—' },
          ...(notice
            ? [
                {
                  key: 'object',
                  render: (_: unknown, e: Entry) =>
                    round.objectionsOpen ? (
                      <Button size="small" onClick={() => objecting?.(e)} data-testid="object">
                        {t('awardNotice.object')}
                      </Button>
                    ) : (
                      <Typography.Text type="secondary">{t('awardNotice.closed')}</Typography.Text>
                    ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/** 表彰公示 and the honours roll: open to everyone, no sign-in; names, organization and the award only. */
export function PublicAwardsPage() {
  const { t, i18n } = useTranslation();
  const notices = useAwardNotices();
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const roll = useHonoursRoll(year);
  const [objecting, setObjecting] = useState<Entry | null>(null);
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: 16 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 880, margin: '0 auto', display: 'flex' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space>
            <img src="/favicon.svg" alt="" width={32} height={32} />
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('awardNotice.title')}
            </Typography.Title>
          </Space>
          <Space>
            <Link to="/sign-in">{t('awardNotice.signIn')}</Link>
            <Button
              type="link"
              icon={<TranslationOutlined />}
              onClick={() => void changeLanguage(i18n.language === 'en-US' ? 'zh-CN' : 'en-US')}
            >
              {t('lang.switch')}
            </Button>
          </Space>
        </Space>
        <Tabs
          items={[
            {
              key: 'notice',
              label: t('awardNotice.title'),
              children: (
                <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                  <Alert type="info" showIcon title={t('awardNotice.help')} />
                  {notices.error && <Alert type="error" showIcon title={notices.error.message} />}
                  {notices.data?.length === 0 && <Empty description={t('awardNotice.none')} />}
                  {(notices.data ?? []).map((r) => (
                    <RoundCard key={r.id} round={r} objecting={setObjecting} />
                  ))}
                </Space>
              ),
            },
            {
              key: 'roll',
              label: t('awardNotice.roll'),
              children: (
                <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                  <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} addonBefore={t('awards.year')} />
                  {roll.data?.length === 0 && <Empty description={t('awardNotice.rollNone')} />}
                  {(roll.data ?? []).map((r) => (
                    <RoundCard key={r.id} round={r} />
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Space>
      {objecting && <ObjectModal entry={objecting} onClose={() => setObjecting(null)} />}
    </div>
  );
}
