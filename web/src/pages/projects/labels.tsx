import { Tag } from 'antd';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { useTranslation } from 'react-i18next';
import type { ProjectStatus, RiskLevel } from '../../../../src/contract/index.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

const STATUS_COLOR: Record<ProjectStatus, string> = {
  draft: 'default',
  submitted: 'gold',
  approved: 'cyan',
  rejected: 'red',
  recruiting: 'green',
  running: 'blue',
  closed: 'purple',
  evaluated: 'geekblue',
};

const RISK_COLOR: Record<RiskLevel, string> = { low: 'green', medium: 'orange', high: 'red' };

export function StatusTag({ status }: { status: ProjectStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="project-status">
      {t(`projects.statuses.${status}`)}
    </Tag>
  );
}

export function RiskTag({ level }: { level: RiskLevel }) {
  const { t } = useTranslation();
  return <Tag color={RISK_COLOR[level]}>{t(`projects.riskLevels.${level}`)}</Tag>;
}

/** Times as the city keeps them: China time, whatever the browser's own zone. */
export const chinaTime = (at: string) => dayjs(at).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm');

/** The form fields the server names in its objections, and the labels the page shows for them. */
export const FIELD_LABELS: Record<string, string> = {
  organizationId: 'projects.organization',
  title: 'projects.name',
  categoryCode: 'projects.category',
  areaCode: 'projects.area',
  description: 'projects.description',
  beneficiaries: 'projects.beneficiaries',
  risks: 'projects.risks',
  riskLevel: 'projects.riskLevel',
  insuranceRequired: 'projects.insurance',
  budgetYuan: 'projects.budget',
  fundingSource: 'projects.fundingSource',
};
