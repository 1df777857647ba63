import { describe, expect, it } from 'vitest';
import { type DemandInputs, demandKpis } from './demand.ts';

const none: DemandInputs = {
  due: 0,
  assignedInTime: 0,
  headcount: 0,
  filled: 0,
  assigned: 0,
  medianMinutesToAssign: null,
  served: 0,
  beneficiariesServed: 0,
  rated: 0,
  ratingSum: 0,
};

describe('demand KPIs', () => {
  it('says "no data" rather than 0 where there is nothing to count', () => {
    expect(demandKpis(none).map((k) => k.value)).toEqual([null, null, null, null, null]);
  });

  it('divides what was counted', () => {
    const kpis = demandKpis({
      ...none,
      due: 4,
      assignedInTime: 3,
      headcount: 5,
      filled: 4,
      assigned: 3,
      medianMinutesToAssign: 90,
      served: 6,
      beneficiariesServed: 4,
      rated: 2,
      ratingSum: 9,
    });
    expect(Object.fromEntries(kpis.map((k) => [k.code, k.value]))).toEqual({
      answeredInTime: 0.75,
      fillRate: 0.8,
      medianMinutesToAssign: 90,
      servicesPerBeneficiary: 1.5,
      averageRating: 4.5,
    });
    expect(kpis.find((k) => k.code === 'medianMinutesToAssign')?.direction).toBe('lower');
  });
});
