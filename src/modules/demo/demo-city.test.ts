import { describe, expect, it } from 'vitest';
import { levelOfCode, parentCodeOf } from '../../domain/areas/area-code.ts';
import { generateDemoCity } from './demo-city.ts';

describe('the demo city', () => {
  it.each([
    ['small', 100, 130],
    ['city', 950, 1200],
  ] as const)('%s has Hangzhou’s real districts and a believable tree', (size, minCommunities, maxCommunities) => {
    const areas = generateDemoCity(size);
    const byCode = new Map(areas.map((a) => [a.code, a]));
    expect(byCode.size).toBe(areas.length);
    expect(byCode.get('330102')?.name).toBe('上城区');
    expect(byCode.get('330127')?.name).toBe('淳安县');
    expect(areas.filter((a) => a.level === 'district')).toHaveLength(13);
    const communities = areas.filter((a) => a.level === 'community');
    expect(communities.length).toBeGreaterThanOrEqual(minCommunities);
    expect(communities.length).toBeLessThanOrEqual(maxCommunities);
    for (const area of areas) {
      expect(levelOfCode(area.code)).toBe(area.level);
      expect(area.parentCode ?? undefined).toBe(parentCodeOf(area.code));
      if (area.parentCode) expect(byCode.has(area.parentCode)).toBe(true);
      expect(area.lat).toBeGreaterThan(29);
      expect(area.lat).toBeLessThan(31);
    }
    // The streets of a district add up to the district's population, communities to their street's.
    for (const parent of areas.filter((a) => a.level === 'district' || a.level === 'street')) {
      const children = areas.filter((a) => a.parentCode === parent.code);
      expect(children.reduce((sum, c) => sum + c.population, 0)).toBe(parent.population);
    }
  });

  it('is the same on every run', () => {
    expect(generateDemoCity('small')).toEqual(generateDemoCity('small'));
  });
});
