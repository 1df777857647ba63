import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AREA_LEVELS } from '../areas/area-code.ts';
import { evaluateKpi, KPI_CATALOGUE, KPI_CODES, kpiDefinition, kpisAtLevel, rankByKpi } from './catalogue.ts';
import { emptyInputs, evaluateKpis, kpiFigures } from './figures.ts';
import { addMonths, kpiWindow, monthsOf } from './window.ts';

describe('the KPI catalogue', () => {
  it('defines every code once, each with a unit, levels and a sourced target or none', () => {
    expect(KPI_CATALOGUE.map((d) => d.code)).toEqual([...KPI_CODES]);
    for (const d of KPI_CATALOGUE) {
      expect(d.levels.length).toBeGreaterThan(0);
      if (d.target) expect(d.target.source).toMatch(/shared\/seeds\/003/);
    }
  });

  it('reports floor area at city and district level only, and organization coverage from the unit’s level up', () => {
    expect(kpisAtLevel('street').map((d) => d.code)).not.toContain('floorAreaPer10k');
    expect(kpisAtLevel('district').map((d) => d.code)).toContain('floorAreaPer10k');
    expect(kpisAtLevel('city').filter((d) => d.code.startsWith('orgCoverage'))).toHaveLength(4);
    expect(
      kpisAtLevel('street')
        .filter((d) => d.code.startsWith('orgCoverage'))
        .map((d) => d.code),
    ).toEqual(['orgCoverageStreet', 'orgCoverageCommunity']);
    expect(
      kpisAtLevel('community')
        .filter((d) => d.code.startsWith('orgCoverage'))
        .map((d) => d.code),
    ).toEqual(['orgCoverageCommunity']);
  });
});

describe('met or not met', () => {
  it.each([
    ['registeredShare', 100, 1000, 0.1, 'met'],
    ['registeredShare', 99, 1000, 0.099, 'notMet'],
    ['unifiedPlatformShare', 3, 4, 0.75, 'met'],
    ['hoursPerVolunteer', 89.99, 2, 44.995, 'notMet'],
    ['hoursPerVolunteer', 90, 2, 45, 'met'],
    // "超过60%": exactly 60 % is not enough.
    ['partyLeagueShare', 3, 5, 0.6, 'notMet'],
    ['partyLeagueShare', 2, 3, 2 / 3, 'met'],
    ['stationsToStandard', 4, 4, 1, 'met'],
    ['stationsToStandard', 3, 4, 0.75, 'notMet'],
    ['floorAreaPer10k', 150, 10_000, 150, 'met'],
    ['floorAreaPer10k', 0.99, 100, 99, 'notMet'],
    ['cadreHours', 120, 2, 60, 'met'],
    ['activeShare', 1, 4, 0.25, 'noTarget'],
  ] as const)('%s: %f ÷ %f = %f is %s', (code, numerator, denominator, value, status) => {
    const result = evaluateKpi(kpiDefinition(code), { numerator, denominator });
    expect(result.value).toBeCloseTo(value, 12);
    expect(result.status).toBe(status);
  });

  it('says "no data" when there is nothing to divide by, never 0 or NaN', () => {
    for (const level of AREA_LEVELS) {
      for (const r of evaluateKpis(level, emptyInputs())) expect(r).toMatchObject({ value: null, status: 'noData' });
    }
  });

  it('a met KPI stays met when the numerator grows, for every higher-is-better KPI', () => {
    const targeted = KPI_CATALOGUE.filter((d) => d.target && d.direction === 'higher');
    fc.assert(
      fc.property(
        fc.constantFrom(...targeted),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (d, n, den, more) => {
          const before = evaluateKpi(d, { numerator: n, denominator: den });
          const after = evaluateKpi(d, { numerator: n + more, denominator: den });
          if (before.status === 'met') expect(after.status).toBe('met');
        },
      ),
    );
  });

  it('counts Volunet’s own volunteers against the office’s figure, never above all of them', () => {
    const inputs = { ...emptyInputs(), registered: 80, registeredAllPlatforms: 100 };
    expect(kpiFigures(inputs).unifiedPlatformShare).toEqual({ numerator: 80, denominator: 100 });
    expect(kpiFigures({ ...inputs, registeredAllPlatforms: 60 }).unifiedPlatformShare).toEqual({ numerator: 80, denominator: 80 });
    expect(kpiFigures({ ...inputs, registeredAllPlatforms: null }).unifiedPlatformShare.denominator).toBe(0);
  });
});

describe('ranking sub-areas', () => {
  it('puts the best first in the KPI’s direction, areas without data last, ties by code', () => {
    const rows = [
      { areaCode: '02', value: 0.2 },
      { areaCode: '01', value: null },
      { areaCode: '04', value: 0.5 },
      { areaCode: '03', value: 0.2 },
    ];
    expect(rankByKpi(kpiDefinition('activeShare'), rows).map((r) => r.areaCode)).toEqual(['04', '02', '03', '01']);
    expect(rankByKpi(kpiDefinition('neverServedShare'), rows).map((r) => r.areaCode)).toEqual(['02', '03', '04', '01']);
  });
});

describe('12-month windows', () => {
  it('ends with a month and starts eleven months before', () => {
    expect(kpiWindow('2025-12')).toEqual({ from: '2025-01', until: '2025-12' });
    expect(kpiWindow('2025-08')).toEqual({ from: '2024-09', until: '2025-08' });
    expect(addMonths('2024-01', -1)).toBe('2023-12');
    expect(addMonths('2024-12', 13)).toBe('2026-01');
    expect(monthsOf('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
});
