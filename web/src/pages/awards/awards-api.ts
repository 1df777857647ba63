import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** The shapes of /api/awards (the API's own types). */
export type AwardRound = Schemas['AwardRound'];
export type AwardRoundListItem = Schemas['AwardRounds'][number];
export type AwardRoundDetail = Schemas['AwardRoundDetail'];
export type Nominee = AwardRoundDetail['nominees'][number];
export type Objection = NonNullable<AwardRoundDetail['objections']>[number];
export type NewAwardRound = Schemas['NewAwardRound'];
export type AwardNotice = Schemas['AwardNotices'][number];
export type HonoursRollRound = Schemas['HonoursRoll'][number];
export type MyHonours = Schemas['MyHonours'];

export const useAwardRounds = () =>
  useQuery({ queryKey: ['awards', 'rounds'], queryFn: () => api<AwardRoundListItem[]>('/api/awards/rounds') });

export const useAwardRound = (id: string) =>
  useQuery({ queryKey: ['awards', 'round', id], queryFn: () => api<AwardRoundDetail>(`/api/awards/rounds/${id}`) });

export const useAwardNotices = () =>
  useQuery({ queryKey: ['awards', 'notices'], queryFn: () => api<AwardNotice[]>('/api/awards/notices') });

export const useHonoursRoll = (year: number) =>
  useQuery({ queryKey: ['awards', 'roll', year], queryFn: () => api<HonoursRollRound[]>(`/api/awards/roll?year=${year}`) });

export const useMyHonours = () => useQuery({ queryKey: ['awards', 'me'], queryFn: () => api<MyHonours>('/api/awards/me') });

/** The round's title in the reader's language. */
export const titleOf = (r: { titleZh: string; titleEn: string }, language: string) => (language === 'en-US' ? r.titleEn : r.titleZh);
