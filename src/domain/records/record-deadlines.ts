import { addWorkingDays, calendarOf, type IsWorkingDay, recordDeadline } from './working-days.ts';

/** How many working days ahead of the Art 11 deadline an organizer is told that it is coming. */
export const REMIND_WORKING_DAYS_AHEAD = 2;

export interface DeadlineCount {
  /** Records still pending past their deadline (MCA 2020 measures, Art 11: 10 working days). */
  overdue: number;
  /** Records whose deadline falls within the next few working days. */
  dueSoon: number;
  /** The earliest deadline of the records still in time, if any. */
  nextDeadline: string | null;
}

/** Sorts pending records, counted per activity date, into overdue, due soon and the rest. */
export function countDeadlines(
  pendingByDate: { serviceDate: string; n: number }[],
  today: string,
  isWorkingDay: IsWorkingDay = calendarOf(),
): DeadlineCount {
  const soon = addWorkingDays(today, REMIND_WORKING_DAYS_AHEAD, isWorkingDay);
  let overdue = 0;
  let dueSoon = 0;
  let nextDeadline: string | null = null;
  for (const { serviceDate, n } of pendingByDate) {
    const deadline = recordDeadline(serviceDate, isWorkingDay);
    if (today > deadline) overdue += n;
    else {
      if (deadline <= soon) dueSoon += n;
      if (!nextDeadline || deadline < nextDeadline) nextDeadline = deadline;
    }
  }
  return { overdue, dueSoon, nextDeadline };
}
