import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** The shapes of /api/benefits (the API's own types). */
export type NearMe = Schemas['BenefitsNearMe'];
export type NearOffer = Schemas['NearBenefitOffer'];
export type MyRedemption = Schemas['MyRedemption'];
export type Redeemed = Schemas['Redeemed'];
export type CodeCheck = Schemas['RedemptionCheck'];
export type AdvantageCheck = Schemas['AdvantageCheck'];
export type MyOffers = Schemas['MyBenefitOffers'];
export type OfferView = Schemas['BenefitOfferView'];
export type Offer = Schemas['BenefitOffer'];
export type Partner = Schemas['BenefitPartner'];
export type Statement = Schemas['BenefitStatement'];

export const useNearMe = () => useQuery({ queryKey: ['benefits', 'near'], queryFn: () => api<NearMe>('/api/benefits/offers') });
export const useMyCodes = () =>
  useQuery({ queryKey: ['benefits', 'mine'], queryFn: () => api<MyRedemption[]>('/api/benefits/redemptions/me') });
export const useMyOffers = () =>
  useQuery({ queryKey: ['benefits', 'partner-offers'], queryFn: () => api<MyOffers>('/api/benefits/partner/offers') });

/** China time, minutes. */
export const chinaTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
/** The code as shown: 3-3-4 groups. */
export const grouped = (code: string) => `${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`;
