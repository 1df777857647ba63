import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { useProjectCategories } from '../projects/project-api.ts';

/** The shapes of /api/time-bank and /api/settings/time-bank-rule (the API's own types). */
export type TimeBank = Schemas['TimeBank'];
export type TimeBankLine = TimeBank['statement'][number];
export type TimeBankRule = Schemas['TimeBankRule'];
export type TimeBankRuleSettings = Schemas['TimeBankRuleSettings'];

export function useMyTimeBank(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['time-bank', 'mine', page, pageSize],
    queryFn: () => api<TimeBank>(`/api/time-bank/me?limit=${pageSize}&offset=${(page - 1) * pageSize}`),
  });
}

export function useTimeBankRule() {
  return useQuery({ queryKey: ['settings', 'time-bank-rule'], queryFn: () => api<TimeBankRuleSettings>('/api/settings/time-bank-rule') });
}

/** Projects' and requests' categories together (the rule names codes of both), in the UI language. */
export function useServiceCategories() {
  const { t, i18n } = useTranslation();
  const projects = useProjectCategories();
  const requests = useQuery({
    queryKey: ['request-categories'],
    queryFn: () => api<Schemas['RequestCategory'][]>('/api/request-categories'),
    staleTime: 300_000,
    retry: false,
  });
  const requestOptions = (requests.data ?? []).map((c) => ({
    value: c.code,
    label: t('timeBankRule.requestCategory', { name: i18n.language === 'en-US' ? c.nameEn : c.nameZh }),
  }));
  const known = new Set(projects.options.map((o) => o.value));
  const options = [...projects.options, ...requestOptions.filter((o) => !known.has(o.value))];
  const label = (code: string) => options.find((o) => o.value === code)?.label ?? code;
  return { options, label };
}

export type FamilyRelation = Schemas['FamilyRelation'];
export type FamilyReviewPage = Schemas['FamilyReviewPage'];
export type TimeCreditPool = Schemas['TimeCreditPool'];
export type BalanceSheet = Schemas['TimeBankBalanceSheet'];

export function useMyFamily() {
  return useQuery({ queryKey: ['time-bank', 'family'], queryFn: () => api<FamilyRelation[]>('/api/time-bank/family') });
}

export function useFamilyReviews(status: FamilyRelation['status'], page: number, pageSize: number) {
  return useQuery({
    queryKey: ['time-bank', 'family-reviews', status, page, pageSize],
    queryFn: () =>
      api<FamilyReviewPage>(`/api/time-bank/family-reviews?status=${status}&limit=${pageSize}&offset=${(page - 1) * pageSize}`),
  });
}

export function useBalanceSheet(areaCode: string | undefined) {
  return useQuery({
    queryKey: ['time-bank', 'balance-sheet', areaCode ?? ''],
    queryFn: () => api<BalanceSheet>(`/api/time-bank/balance-sheet${areaCode ? `?areaCode=${areaCode}` : ''}`),
  });
}

export function usePools() {
  return useQuery({ queryKey: ['time-bank', 'pools'], queryFn: () => api<TimeCreditPool[]>('/api/time-bank/pools') });
}

export type VolunteerTimeBank = Schemas['VolunteerTimeBank'];

/** An office's view of one volunteer's time credits (404 outside its area). */
export function useVolunteerTimeBank(volunteerId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['time-bank', 'volunteer', volunteerId, page, pageSize],
    queryFn: () => api<VolunteerTimeBank>(`/api/volunteers/${volunteerId}/time-bank?limit=${pageSize}&offset=${(page - 1) * pageSize}`),
    retry: false,
    placeholderData: (previous) => previous,
  });
}
