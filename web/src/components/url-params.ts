import { useCallback } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

/**
 * The address's query, and a way to change it that builds on the address as it is now.
 *
 * The router re-renders in a transition, so on a busy phone the page can still hold the previous
 * query when the next choice is made: a keyword typed, then a distance picked at once. A change
 * merged into that render's copy would drop the keyword; one merged into `window.location`, which
 * the router updates at once, keeps it.
 */
export function useUrlParams() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const change = useCallback(
    (edit: (current: URLSearchParams) => URLSearchParams, { replace = true } = {}) => {
      const next = edit(new URLSearchParams(window.location.search));
      navigate({ search: `?${next}` }, { replace });
    },
    [navigate],
  );
  return [params, change] as const;
}
