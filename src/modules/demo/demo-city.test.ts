import { describe, expect, it } from 'vitest';
import { levelOfCode, parentCodeOf } from '../../domain/areas/area-code.ts';
import { checkRegistration } from '../../domain/volunteers/registration.ts';
import { AreaBook } from './demo-census.ts';
import { generateDemoCity } from './demo-city.ts';
import { peopleGenerator } from './demo-people.ts';

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

describe('the demo people', () => {
  const book = new AreaBook(generateDemoCity('city'));
  const generator = () =>
    peopleGenerator({
      today: '2026-03-05',
      communities: book.communities,
      demoCommunity: 0,
      streetNames: new Map(book.streets.map((s) => [s.code, s.name])),
      districtCodes: book.districts.map((d) => d.code),
      skills: [
        { code: 'first_aid', needsCertificate: true },
        { code: 'elderly_care', needsCertificate: false },
      ],
    });

  it('pass the registration rules, with unique ID numbers, phones and platform ids', () => {
    const person = generator();
    const people = Array.from({ length: 20_000 }, (_, i) => person(i));
    for (const p of people) expect(checkRegistration(p.input, '2026-03-05').issues).toEqual([]);
    expect(new Set(people.map((p) => p.input.docNumber)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.input.phone)).size).toBe(people.length);
    const links = people.flatMap((p) => p.sources.map((s) => `${s.source}:${s.externalId}`));
    expect(new Set(links).size).toBe(links.length);
    expect(people[0].input).toMatchObject({ name: '张志愿', phone: '13800000001', areaCode: book.communities[0].code });
  });

  it('are the same on every run', () => {
    const [a, b] = [generator(), generator()];
    for (let i = 0; i < 100; i++) expect(a(i)).toEqual(b(i));
  });
});
