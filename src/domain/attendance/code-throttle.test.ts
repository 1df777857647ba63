import { describe, expect, it } from 'vitest';
import { CODE_TRIES, CODE_TRY_WINDOW_MS, codeRetryAfter } from './code-throttle.ts';

describe('the typed-code limit', () => {
  const since = new Date('2026-03-01T08:00:00Z');
  const at = (ms: number) => new Date(since.getTime() + ms);
  it.each([
    { tries: 1, after: 0, wait: 0 },
    { tries: CODE_TRIES, after: 60_000, wait: 0 },
    { tries: CODE_TRIES + 1, after: 0, wait: CODE_TRY_WINDOW_MS / 1000 },
    { tries: CODE_TRIES + 1, after: 60_000, wait: CODE_TRY_WINDOW_MS / 1000 - 60 },
    { tries: CODE_TRIES + 40, after: CODE_TRY_WINDOW_MS - 300, wait: 1 },
  ])('$tries tries, $after ms into the window: wait $wait s', ({ tries, after, wait }) => {
    expect(codeRetryAfter({ tries, since }, at(after))).toBe(wait);
  });
});
