import { addDays, isCalendarDate, isoWeekday } from "@/lib/calendar-days";
import { TIME_ZONE, tallinnDate, tallinnParts, tallinnTime } from "@/lib/tallinn-time";

/** The calendars show Tallinn time whatever the browser's own zone is (domain: DST matters). */
export const ZONE = TIME_ZONE;
export { fromTallinn, tallinnDate, tallinnParts } from "@/lib/tallinn-time";

/**
 * Where a booking without a selected slot starts: the next whole hour of the working day when
 * today is on screen, otherwise 09:00 of the first working day shown.
 */
export function suggestedStart(view: { from: Date; to: Date } | null, now = new Date()): Date {
  // From a day and an hour on: the first working day (a weekend moves to Monday 09:00).
  const workday = (date: string, hour: number) => {
    while (isoWeekday(date) > 5) [date, hour] = [addDays(date, 1), 9];
    return tallinnTime(date, `${String(hour).padStart(2, "0")}:00`);
  };
  if (view && (now < view.from || now >= view.to)) return workday(tallinnDate(view.from), 9);
  // The next whole hour: an hour on, then back to the start of that hour.
  const next = tallinnParts(new Date(now.getTime() + 3_600_000));
  const hour = Number(next.time.slice(0, 2));
  if (hour < 8) return workday(next.date, 8);
  if (hour > 16) return workday(addDays(next.date, 1), 9);
  return workday(next.date, hour);
}

export const addMinutes = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);

/** A "YYYY-MM-DD" from a query string, or undefined when it is not one. */
export function validDate(value: string | null | undefined): string | undefined {
  return value && isCalendarDate(value) ? value : undefined;
}
