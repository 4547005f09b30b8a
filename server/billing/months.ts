import { nextMonthStart } from "@/lib/calendar-days";
import { invalid } from "@/server/errors";

/** A service month as "YYYY-MM"; its first day, the first day of the next, and its last day. */
export type MonthSpan = { month: string; from: string; to: string; last: string };

export function monthSpan(month: string): MonthSpan {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(m?.[1]);
  const mon = Number(m?.[2]);
  if (!m || mon < 1 || mon > 12 || year < 2000 || year > 2100) throw invalid("month", "billingErrors.monthInvalid", "Choose a month");
  const lastDay = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { month, from: `${month}-01`, to: nextMonthStart(month), last: `${month}-${String(lastDay).padStart(2, "0")}` };
}

/** "2026-10-01" (a date column) -> "2026-10". */
export const monthOfDate = (date: string) => date.slice(0, 7);
