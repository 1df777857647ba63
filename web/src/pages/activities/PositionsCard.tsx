import { CheckCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { InviteButton } from '../matching/InviteButton.tsx';
import {
  type ActivityDetail,
  type Eligibility,
  type Enrollment,
  LIVE,
  type MyEnrollment,
  type Position,
  type Reason,
  useCourses,
  useEligibility,
  useMyEnrollments,
} from './activity-api.ts';
import { EnrollmentTag, RequirementTags } from './labels.tsx';

type Outcome = { enrollment: Enrollment } | { refusal: Reason[] } | { error: string };

const OUTCOME_TYPE = { accepted: 'success', applied: 'info', waitlisted: 'warning' } as const;

function Reasons({ title, reasons, type }: { title: string; reasons: Reason[]; type: 'warning' | 'error' }) {
  return (
    <Alert
      type={type}
      showIcon
      title={title}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="reasons">
          {reasons.map((r) => (
            <li key={`${r.rule}:${r.message}`}>{r.message}</li>
          ))}
        </ul>
      }
      data-testid={type === 'error' ? 'apply-refused' : 'not-eligible'}
    />
  );
}

/** What a volunteer sees under a position: their application, the outcome of applying, or whether they may apply and why not. */
function VolunteerView({
  p,
  open,
  mine,
  eligibility,
  outcome,
  applying,
  onApply,
}: {
  p: Position;
  open: boolean;
  mine?: MyEnrollment;
  eligibility?: Eligibility;
  outcome?: Outcome;
  applying: boolean;
  onApply: () => void;
}) {
  const { t } = useTranslation();
  if (outcome && 'enrollment' in outcome) {
    const e = outcome.enrollment;
    const type = OUTCOME_TYPE[e.status as keyof typeof OUTCOME_TYPE] ?? 'info';
    return (
      <Alert
        type={type}
        showIcon
        title={t(`activities.outcome.${e.status}`, { n: e.waitlistNo, defaultValue: t(`enrollments.statuses.${e.status}`) })}
        description={<Link to="/my/enrollments">{t('activities.myEnrollments')}</Link>}
        data-testid="apply-outcome"
      />
    );
  }
  if (mine) {
    return (
      <Space wrap data-testid="my-enrollment">
        <Typography.Text>{t('activities.mine')}</Typography.Text>
        <EnrollmentTag status={mine.status} waitlistNo={mine.waitlistNo} />
        <Link to="/my/enrollments">{t('activities.myEnrollments')}</Link>
      </Space>
    );
  }
  if (!open) return <Typography.Text type="secondary">{t('activities.closed')}</Typography.Text>;
  const eligible = eligibility?.eligible ?? false;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {outcome && 'refusal' in outcome && <Reasons type="error" title={t('activities.refused')} reasons={outcome.refusal} />}
      {outcome && 'error' in outcome && <Alert type="error" showIcon title={outcome.error} data-testid="apply-refused" />}
      {eligibility &&
        !outcome &&
        (eligible ? (
          <Tag icon={<CheckCircleOutlined />} color="success" data-testid="eligible">
            {t('activities.eligible')}
          </Tag>
        ) : (
          eligibility.reasons.length > 0 && <Reasons type="warning" title={t('activities.notEligible')} reasons={eligibility.reasons} />
        ))}
      <Space wrap>
        <Button type="primary" disabled={!eligible} loading={applying} onClick={onApply} data-testid="apply">
          {t('activities.apply')}
        </Button>
        {p.free <= 0 && <Typography.Text type="secondary">{t('activities.fullHint')}</Typography.Text>}
      </Space>
    </Space>
  );
}

/**
 * The positions of an activity with their places and requirements. A volunteer sees, per
 * position, whether they may apply (or the server's exact reasons why not) and applies.
 */
export function PositionsCard({ activity: a, volunteer }: { activity: ActivityDetail; volunteer: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const open = a.status === 'scheduled' && new Date(a.applyDeadline) > new Date() && ['recruiting', 'running'].includes(a.project.status);
  const eligibility = useEligibility(a.id, volunteer && open);
  const mine = useMyEnrollments(volunteer);
  const courses = useCourses();
  const courseName = (id: string) => courses.data?.find((c) => c.id === id)?.name ?? id;
  // "Mine" names the position, not its id: one activity's positions have distinct names in practice.
  const myLive = (p: Position) => mine.data?.find((e) => e.activityId === a.id && e.positionName === p.name && LIVE.includes(e.status));

  const apply = useMutation({
    mutationFn: (positionId: string) => api<Enrollment>('/api/enrollments', { method: 'POST', json: { positionId } }),
    onSuccess: (enrollment, positionId) => setOutcomes((o) => ({ ...o, [positionId]: { enrollment } })),
    onError: (error, positionId) =>
      setOutcomes((o) => ({
        ...o,
        [positionId]:
          error instanceof ApiError && error.issues.length > 0
            ? { refusal: error.issues.map((i) => ({ rule: i.rule, message: i.message })) }
            : { error: error.message },
      })),
    onSettled: () => {
      for (const key of [['activity', a.id], ['eligibility', a.id], ['enrollments'], ['notices'], ['opportunities']])
        void client.invalidateQueries({ queryKey: key });
    },
  });

  return (
    <Card title={t('activities.positions')}>
      <List
        dataSource={a.positions}
        renderItem={(p) => (
          <List.Item key={p.id} data-testid="position" data-position={p.name} style={{ display: 'block' }}>
            <Space orientation="vertical" size="small" style={{ width: '100%' }}>
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text strong style={{ fontSize: 16 }}>
                  {p.name}
                </Typography.Text>
                <Space wrap size={4} data-testid="position-places">
                  {p.free > 0 ? (
                    <Tag color="green">{t('activities.free', { count: p.free })}</Tag>
                  ) : (
                    <Tag color="red">{t('activities.full')}</Tag>
                  )}
                  <Typography.Text type="secondary">{t('activities.headcountOf', { count: p.headcount })}</Typography.Text>
                  {p.applied > 0 && (
                    <Typography.Text type="secondary">· {t('activities.appliedCount', { count: p.applied })}</Typography.Text>
                  )}
                  {p.waitlisted > 0 && (
                    <Typography.Text type="secondary">· {t('activities.waitlistedCount', { count: p.waitlisted })}</Typography.Text>
                  )}
                </Space>
              </Space>
              {p.description && <Typography.Paragraph style={{ margin: 0 }}>{p.description}</Typography.Paragraph>}
              <div>
                <RequirementTags p={p} courseName={courseName} />
              </div>
              {a.mayManage && open && <InviteButton positionId={p.id} positionName={p.name} />}
              {volunteer && (
                <VolunteerView
                  p={p}
                  open={open}
                  mine={myLive(p)}
                  eligibility={eligibility.data?.find((e) => e.positionId === p.id)}
                  outcome={outcomes[p.id]}
                  applying={apply.isPending && apply.variables === p.id}
                  onApply={() => apply.mutate(p.id)}
                />
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
