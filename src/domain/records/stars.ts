/**
 * Star volunteers (星级志愿者) by cumulative confirmed hours. The common national scheme is
 * 100 / 300 / 600 / 1000 / 1500 h for one to five stars; a city may set its own ascending
 * thresholds (e.g. 100 / 200 / 500 / 800 / 1000).
 */
export type StarScheme = readonly [number, number, number, number, number];

export const NATIONAL_STARS: StarScheme = [100, 300, 600, 1000, 1500];

export function starsFor(hours: number, scheme: StarScheme = NATIONAL_STARS): number {
  let stars = 0;
  for (const threshold of scheme) if (hours >= threshold) stars++;
  return stars;
}

/** Where the person stands: stars, and the hours still needed for the next one (null at five). */
export function starProgress(hours: number, scheme: StarScheme = NATIONAL_STARS) {
  const stars = starsFor(hours, scheme);
  const next = stars < scheme.length ? scheme[stars] : null;
  const previous = stars > 0 ? scheme[stars - 1] : 0;
  return {
    stars,
    nextAt: next,
    hoursToNext: next === null ? null : Math.round((next - hours) * 100) / 100,
    /** 0–1 through the current band, for a progress bar. */
    fraction: next === null ? 1 : (hours - previous) / (next - previous),
  };
}

export function schemeIssues(scheme: readonly number[]): { field: string; rule: string }[] {
  if (scheme.length !== 5) return [{ field: 'thresholds', rule: 'five' }];
  return scheme.flatMap((t, i) =>
    !Number.isFinite(t) || t <= 0
      ? [{ field: `thresholds.${i}`, rule: 'positive' }]
      : i > 0 && t <= scheme[i - 1]
        ? [{ field: `thresholds.${i}`, rule: 'ascending' }]
        : [],
  );
}
