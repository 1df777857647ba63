import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** The shapes of /api/projects (the API's own types). */
export type ProjectCategory = Schemas['ProjectCategory'];
export type ProjectDetail = Schemas['ProjectDetail'];
export type ProjectEvent = Schemas['ProjectEvent'];
export type ProjectListItem = Schemas['ProjectListItem'];
export type ProjectPage = Schemas['ProjectPage'];
export type RaterKind = keyof ProjectDetail['ratings'];

/** What the create and edit form sends: a new project's fields (the organization only on create). */
export type ProjectInput = Omit<Schemas['ProjectCreate'], 'organizationId'> & Partial<Pick<Schemas['ProjectCreate'], 'organizationId'>>;

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
