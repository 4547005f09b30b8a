import { DateTime } from "luxon";

import { TIME_ZONE } from "@/lib/tallinn-time";

/** The calendars show Tallinn time whatever the browser's own zone is (domain: DST matters). */
export const ZONE = TIME_ZONE;
export { fromTallinn, tallinnDate, tallinnParts } from "@/lib/tallinn-time";

/**
 * Where a booking without a selected slot starts: the next whole hour of the working day when
 * today is on screen, otherwise 09:00 of the first working day shown.
 */
export function suggestedStart(view: { from: Date; to: Date } | null, now = new Date()): Date {
  const workday = (dt: DateTime) => {
    let day = dt;
    while (day.weekday > 5) day = day.plus({ days: 1 }).set({ hour: 9, minute: 0 });
    return day;
  };
  if (view && (now < view.from || now >= view.to)) {
    return workday(DateTime.fromJSDate(view.from, { zone: ZONE }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 })).toJSDate();
  }
  let next = DateTime.fromJSDate(now, { zone: ZONE }).plus({ hours: 1 }).startOf("hour");
  if (next.hour < 8) next = next.set({ hour: 8 });
  if (next.hour > 16) next = next.plus({ days: 1 }).set({ hour: 9 });
  return workday(next).toJSDate();
}

export const addMinutes = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);

/** A "YYYY-MM-DD" from a query string, or undefined when it is not one. */
export function validDate(value: string | null | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid ? value : undefined;
}
