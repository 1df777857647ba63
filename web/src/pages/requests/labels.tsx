import { Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { RequestStatus, ServiceRequest } from './request-api.ts';

const COLORS: Record<RequestStatus, string> = {
  new: 'blue',
  triaged: 'cyan',
  assigned: 'geekblue',
  in_progress: 'processing',
  done: 'gold',
  rated: 'green',
  closed: 'default',
  cancelled: 'default',
  merged: 'purple',
};

export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="request-status">
      {t(`requests.statuses.${status}`)}
    </Tag>
  );
}

/** Overdue and escalated: what makes an office look twice. */
export function DueBadges({ request }: { request: Pick<ServiceRequest, 'overdue' | 'escalationLevel'> }) {
  const { t } = useTranslation();
  const levels = t('requests.levels', { returnObjects: true }) as string[];
  return (
    <Space size={2}>
      {request.overdue && (
        <Tag color="red" data-testid="overdue-badge">
          {t('requests.overdue')}
        </Tag>
      )}
      {request.escalationLevel > 0 && (
        <Tag color="volcano" data-testid="escalated-badge">
          {t('requests.escalated', { level: levels[request.escalationLevel] })}
        </Tag>
      )}
    </Space>
  );
}

/** 12月9日 09:00–11:00 (China time, the way the phone shows times). */
export function windowText(start: string, end: string) {
  const s = dayjs(start);
  const e = dayjs(end);
  return `${s.format('YYYY-MM-DD HH:mm')}–${e.isSame(s, 'day') ? e.format('HH:mm') : e.format('YYYY-MM-DD HH:mm')}`;
}
