import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** The shapes of /api/points and /api/settings/points-rule (the API's own types). */
export type Points = Schemas['Points'];
export type StatementLine = Points['statement'][number];
export type PointsRule = Schemas['PointsRule'];
export type PointsRuleSettings = Schemas['PointsRuleSettings'];

export function useMyPoints(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['points', 'mine', page, pageSize],
    queryFn: () => api<Points>(`/api/points/me?limit=${pageSize}&offset=${(page - 1) * pageSize}`),
  });
}

export function usePointsRule() {
  return useQuery({ queryKey: ['settings', 'points-rule'], queryFn: () => api<PointsRuleSettings>('/api/settings/points-rule') });
}

export function useVolunteerPoints(volunteerId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['points', 'volunteer', volunteerId, page, pageSize],
    queryFn: () => api<Points>(`/api/volunteers/${volunteerId}/points?limit=${pageSize}&offset=${(page - 1) * pageSize}`),
    retry: false,
  });
}

export type BonusCandidates = Schemas['BonusCandidates'];
export type BonusCandidate = BonusCandidates['items'][number];

export function useBonusCandidates(organizationId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['points', 'bonus-candidates', organizationId, page, pageSize],
    queryFn: () =>
      api<BonusCandidates>(
        `/api/points/bonus-candidates?organizationId=${organizationId}&limit=${pageSize}&offset=${(page - 1) * pageSize}`,
      ),
  });
}
