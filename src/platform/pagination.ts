import { z } from 'zod';

/** The page a list route is asked for: `?page=1&pageSize=20` (at most 200 rows a page). */
export const PageQuery = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

/** One page of a list and how many rows the whole list has. */
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });
