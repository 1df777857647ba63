import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { chinaDate, chinaTime, chinaWeekday } from '../../../../src/contract/index.ts';
import { useSkills } from '../../components/catalog.ts';
import type { EnrollmentStatus, PositionRequirements } from './activity-api.ts';

/**
 * Times as the city keeps them: China time, whatever the browser's own zone, with the weekday
 * in the UI language — "2026-11-28 周六 09:00–11:30".
 */
export function useWhen() {
  const { t } = useTranslation();
  const days = t('vol.days', { returnObjects: true }) as string[];
  const day = (iso: string) => {
    const at = new Date(iso);
    return `${chinaDate(at)} ${days[chinaWeekday(at) - 1]}`;
  };
  return {
    day,
    span: (startsAt: string, endsAt: string) => `${day(startsAt)} ${chinaTime(new Date(startsAt))}–${chinaTime(new Date(endsAt))}`,
    at: (iso: string) => `${chinaDate(new Date(iso))} ${chinaTime(new Date(iso))}`,
  };
}

const ENROLLMENT_COLOR: Record<EnrollmentStatus, string> = {
  applied: 'gold',
  accepted: 'green',
  waitlisted: 'blue',
  rejected: 'red',
  cancelled: 'default',
  no_show: 'volcano',
};

/** 已录用 / 待审核 / 候补第 N 位 … */
export function EnrollmentTag({ status, waitlistNo }: { status: EnrollmentStatus; waitlistNo?: number | null }) {
  const { t } = useTranslation();
  return (
    <Tag color={ENROLLMENT_COLOR[status]} data-testid="enrollment-status">
      {status === 'waitlisted' && waitlistNo ? t('enrollments.waitlistNo', { n: waitlistNo }) : t(`enrollments.statuses.${status}`)}
    </Tag>
  );
}

export function ActivityStatusTag({ status, endsAt }: { status: 'scheduled' | 'cancelled'; endsAt: string }) {
  const { t } = useTranslation();
  if (status === 'cancelled')
    return (
      <Tag color="red" data-testid="activity-status">
        {t('activities.statuses.cancelled')}
      </Tag>
    );
  const ended = new Date(endsAt) < new Date();
  return (
    <Tag color={ended ? 'default' : 'green'} data-testid="activity-status">
      {ended ? t('activities.ended') : t('activities.statuses.scheduled')}
    </Tag>
  );
}

/** A position's requirements as short tags: what a volunteer must bring. */
export function RequirementTags({ p, courseName }: { p: PositionRequirements; courseName: (id: string) => string }) {
  const { t } = useTranslation();
  const skills = useSkills();
  const tags: string[] = [
    ...p.skills.map((code) => skills.label(code)),
    ...p.languages.map((l) =>
      t('activities.languageTag', {
        language: t(`vol.languageNames.${l.code}`, { defaultValue: l.code }),
        level: t(`vol.languageLevels.${l.minLevel}`),
      }),
    ),
  ];
  if (p.minAge != null && p.maxAge != null) tags.push(t('activities.ageRange', { min: p.minAge, max: p.maxAge }));
  else if (p.minAge != null) tags.push(t('activities.ageFrom', { min: p.minAge }));
  else if (p.maxAge != null) tags.push(t('activities.ageTo', { max: p.maxAge }));
  tags.push(...p.courseIds.map((id) => t('activities.courseTag', { course: courseName(id) })));
  if (p.insuranceRequired) tags.push(t('activities.insuranceTag'));
  if (p.minorsAllowed)
    tags.push(p.minorDailyHours ? t('activities.minorsHoursTag', { hours: p.minorDailyHours }) : t('activities.minorsTag'));
  if (p.reviewMode === 'review') tags.push(t('activities.reviewTag'));
  if (tags.length === 0) return <Tag data-testid="requirement">{t('activities.noRequirements')}</Tag>;
  return (
    <Space size={[4, 4]} wrap>
      {tags.map((text) => (
        <Tag key={text} color="blue" data-testid="requirement">
          {text}
        </Tag>
      ))}
    </Space>
  );
}
