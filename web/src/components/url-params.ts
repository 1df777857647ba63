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

const DEFAULT_PAGE_SIZE = 20;
type Paging = { page: number; pageSize: number };
const pagingOf = (p: URLSearchParams): Paging => ({
  page: Number(p.get('page')) || 1,
  pageSize: Number(p.get('pageSize')) || DEFAULT_PAGE_SIZE,
});

/**
 * A table's filters and paging kept in the address, so going to a row and back keeps them. `read`
 * takes the filters from a query and `write` puts them into a new one; any change but paging
 * starts again on the first page.
 */
export function usePagedFilters<F extends object>(read: (p: URLSearchParams) => F, write: (filters: F, search: URLSearchParams) => void) {
  const [params, change] = useUrlParams();
  const filters: F & Paging = { ...read(params), ...pagingOf(params) };
  const update = (next: Partial<F & Paging>) =>
    change((current) => {
      const merged: F & Paging = { ...read(current), ...pagingOf(current), page: 1, ...next };
      const search = new URLSearchParams();
      write(merged, search);
      if (merged.page > 1) search.set('page', String(merged.page));
      if (merged.pageSize !== DEFAULT_PAGE_SIZE) search.set('pageSize', String(merged.pageSize));
      return search;
    });
  return { filters, update };
}
