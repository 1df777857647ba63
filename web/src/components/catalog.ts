import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Skill } from '../api/types.ts';

/** The skills catalog, in the UI language; loaded once and kept. */
export function useSkills() {
  const { i18n } = useTranslation();
  const skills = useQuery({ queryKey: ['skills'], queryFn: () => api<Skill[]>('/api/skills'), staleTime: 30 * 60_000 });
  const label = (code: string) => {
    const skill = skills.data?.find((s) => s.code === code);
    return skill ? (i18n.language === 'en-US' ? skill.nameEn : skill.nameZh) : code;
  };
  const options = (skills.data ?? []).map((s) => ({ value: s.code, label: i18n.language === 'en-US' ? s.nameEn : s.nameZh }));
  return { skills: skills.data ?? [], label, options };
}

export const LANGUAGE_CODES = ['zh', 'en', 'ja', 'ko', 'fr', 'de', 'ru', 'es', 'csl'] as const;

/** Options for a select of one of the enumerations in the i18n catalog (`vol.political`, …). */
export function useEnumOptions(key: string, values: readonly string[]) {
  const { t } = useTranslation();
  return values.map((value) => ({ value, label: t(`${key}.${value}`) }));
}
