import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Empty, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { InvitationCandidates, InvitationsSent } from './matching-api.ts';
import { Reasons } from './Reasons.tsx';

/** 邀请匹配的志愿者: the matcher's candidates for a position, ticked by default, invited in one go. */
export function InviteButton({ positionId, positionName }: { positionId: string; positionName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<SendOutlined />} onClick={() => setOpen(true)} data-testid="invite-matching">
        {t('matching.invite.button')}
      </Button>
      {open && <InviteModal positionId={positionId} positionName={positionName} onClose={() => setOpen(false)} />}
    </>
  );
}

function InviteModal({ positionId, positionName, onClose }: { positionId: string; positionName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['invitation-candidates', positionId];
  const found = useQuery({ queryKey: key, queryFn: () => api<InvitationCandidates>(`/api/positions/${positionId}/invitation-candidates`) });
  const [picked, setPicked] = useState<string[] | undefined>(undefined);
  const open = found.data?.volunteers.filter((v) => !v.invited) ?? [];
  const chosen = picked ?? open.map((v) => v.volunteerId);
  const send = useMutation({
    mutationFn: () => api<InvitationsSent>(`/api/positions/${positionId}/invitations`, { method: 'POST', json: { volunteerIds: chosen } }),
    onSuccess: () => {
      setPicked([]);
      void client.invalidateQueries({ queryKey: key });
    },
  });
  const toggle = (id: string, on: boolean) => setPicked(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  return (
    <Modal
      open
      title={t('matching.invite.title', { position: positionName })}
      onCancel={onClose}
      width={720}
      styles={{ body: { maxHeight: '65vh', overflowY: 'auto' } }}
      footer={
        <Space>
          <Button onClick={onClose}>{t('matching.invite.close')}</Button>
          <Button
            type="primary"
            disabled={chosen.length === 0}
            loading={send.isPending}
            onClick={() => send.mutate()}
            data-testid="invite-send"
          >
            {t('matching.invite.send', { count: chosen.length })}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('matching.invite.hint')}</Typography.Paragraph>
      {send.data && <SentResult result={send.data} />}
      {send.error && <Alert type="error" showIcon title={send.error.message} style={{ marginBottom: 12 }} />}
      <List
        loading={found.isPending}
        dataSource={found.data?.volunteers ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matching.invite.empty')} /> }}
        renderItem={(v) => (
          <List.Item key={v.volunteerId} data-testid="invite-candidate">
            <Space align="start">
              {v.invited ? (
                <Tag color="green">{t('matching.invite.invited')}</Tag>
              ) : (
                <Checkbox checked={chosen.includes(v.volunteerId)} onChange={(e) => toggle(v.volunteerId, e.target.checked)} />
              )}
              <Space orientation="vertical" size={4}>
                <Space wrap>
                  <Typography.Text strong>{v.name}</Typography.Text>
                  <Typography.Text type="secondary">{v.volunteerNo}</Typography.Text>
                </Space>
                <Reasons reasons={v.reasons} />
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </Modal>
  );
}

/** What became of the invitations: sent now, held for quiet hours (delivered when those end), skipped with the reason. */
function SentResult({ result }: { result: InvitationsSent }) {
  const { t } = useTranslation();
  const list = (items: { volunteerId: string; name: string; text: string }[], testId: string) =>
    items.length > 0 && (
      <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid={testId}>
        {items.map((s) => (
          <li key={s.volunteerId}>
            {s.name}：{s.text}
          </li>
        ))}
      </ul>
    );
  return (
    <Alert
      type={result.skipped.length ? 'warning' : result.held.length ? 'info' : 'success'}
      showIcon
      style={{ marginBottom: 12 }}
      title={
        <Space orientation="vertical" size={0}>
          <span>{t('matching.invite.sent', { count: result.sent.length })}</span>
          {result.held.length > 0 && (
            <span data-testid="invite-held-count">{t('matching.invite.held', { count: result.held.length })}</span>
          )}
        </Space>
      }
      description={
        (result.held.length > 0 || result.skipped.length > 0) && (
          <>
            {list(result.held, 'invite-held')}
            {list(result.skipped, 'invite-skipped')}
          </>
        )
      }
      data-testid="invite-result"
    />
  );
}
