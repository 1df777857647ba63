/**
 * The demand side's KPIs (issue 18: "requests answered within the time set, fill rate, median time
 * to assign, services per beneficiary", and the average rating), per area subtree and period.
 * Definitions (docs/kpi.md):
 * - A request is *due* in the period when its assign_due_at falls in it (cancelled and merged ones
 *   are left out: nobody was to be sent).
 * - answeredInTime: due requests assigned by their assign_due_at ÷ due requests.
 * - fillRate: volunteers assigned (at most the headcount each) ÷ headcount asked, over due requests.
 * - medianMinutesToAssign: the median of created → assigned_at over due requests that were assigned.
 * - servicesPerBeneficiary: served requests (done, rated, closed) whose window starts in the period ÷
 *   the distinct beneficiaries they served.
 * - averageRating: the mean rating (1–5) of those served requests that were rated.
 */

export const DEMAND_KPI_CODES = ['answeredInTime', 'fillRate', 'medianMinutesToAssign', 'servicesPerBeneficiary', 'averageRating'] as const;
export type DemandKpiCode = (typeof DEMAND_KPI_CODES)[number];

export type DemandKpiUnit = 'share' | 'minutes' | 'perPerson' | 'stars';

export interface DemandInputs {
  due: number;
  assignedInTime: number;
  headcount: number;
  filled: number;
  assigned: number;
  /** null when no due request was assigned. */
  medianMinutesToAssign: number | null;
  served: number;
  beneficiariesServed: number;
  rated: number;
  ratingSum: number;
}

export interface DemandKpi {
  code: DemandKpiCode;
  unit: DemandKpiUnit;
  direction: 'higher' | 'lower';
  /** null when there is nothing to count (no request due, none served…): never 0 or NaN. */
  value: number | null;
  numerator: number;
  denominator: number;
}

const ratio = (code: DemandKpiCode, unit: DemandKpiUnit, numerator: number, denominator: number): DemandKpi => ({
  code,
  unit,
  direction: 'higher',
  value: denominator > 0 ? numerator / denominator : null,
  numerator,
  denominator,
});

export function demandKpis(i: DemandInputs): DemandKpi[] {
  return [
    ratio('answeredInTime', 'share', i.assignedInTime, i.due),
    ratio('fillRate', 'share', i.filled, i.headcount),
    {
      code: 'medianMinutesToAssign',
      unit: 'minutes',
      direction: 'lower',
      value: i.assigned > 0 ? i.medianMinutesToAssign : null,
      // The median is not a ratio: shown with how many requests it is taken over.
      numerator: i.medianMinutesToAssign ?? 0,
      denominator: i.assigned,
    },
    ratio('servicesPerBeneficiary', 'perPerson', i.served, i.beneficiariesServed),
    ratio('averageRating', 'stars', i.ratingSum, i.rated),
  ];
}
