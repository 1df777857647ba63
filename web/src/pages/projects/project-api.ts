import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ProjectAction, ProjectStatus, RiskLevel } from '../../../../src/contract/index.ts';
import { api } from '../../api/client.ts';

/** The shapes of /api/projects, as the pages read them. */
export interface ProjectListItem {
  id: string;
  title: string;
  organizationId: string;
  organizationName: string;
  categoryCode: string;
  areaCode: string;
  areaName: string | null;
  status: ProjectStatus;
  riskLevel: RiskLevel;
  insuranceRequired: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectEvent {
  action: string;
  fromStatus: ProjectStatus | null;
  toStatus: ProjectStatus;
  note: string | null;
  actorLabel: string;
  at: string;
}

export interface ProjectDetail extends ProjectListItem {
  /** HTML, sanitized by the server on write. */
  description: string;
  beneficiaries: string;
  risks: string;
  budgetYuan: number | null;
  fundingSource: string | null;
  statusReason: string | null;
  evaluationSummary: string | null;
  mayEdit: boolean;
  /** The steps this user may take now. */
  actions: ProjectAction[];
  events: ProjectEvent[];
  /** Rosters (activities, volunteers accepted, hours of their shifts) and records (people served, hours confirmed). */
  figures: { activities: number; volunteers: number; plannedHours: number; servedVolunteers?: number; confirmedHours?: number };
  ratings: Record<RaterKind, { count: number; average: number | null }>;
  /** Whether and as whom I may rate this project now. */
  mayRate: RaterKind | null;
  /** My own rating, if I gave one (rating again changes it). */
  myRating?: { score: number; comment: string | null } | null;
}

export type RaterKind = 'volunteer' | 'beneficiary';

/** What the create and edit form sends (the organization only on create). */
export interface ProjectInput {
  organizationId?: string;
  title: string;
  categoryCode: string;
  areaCode: string;
  description: string;
  beneficiaries: string;
  risks: string;
  riskLevel: RiskLevel;
  insuranceRequired: boolean;
  budgetYuan: number | null;
  fundingSource: string | null;
}

export interface ProjectCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  builtin: boolean;
}

/** The category catalog in the UI language; loaded once and kept. */
export function useProjectCategories() {
  const { i18n } = useTranslation();
  const categories = useQuery({
    queryKey: ['project-categories'],
    queryFn: () => api<ProjectCategory[]>('/api/projects/categories'),
    staleTime: 30 * 60_000,
  });
  const name = (c: ProjectCategory) => (i18n.language === 'en-US' ? c.nameEn : c.nameZh);
  const label = (code: string) => {
    const category = categories.data?.find((c) => c.code === code);
    return category ? name(category) : code;
  };
  const options = (categories.data ?? []).map((c) => ({ value: c.code, label: name(c) }));
  return { label, options, loading: categories.isPending };
}
