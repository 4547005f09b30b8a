/**
 * Calendar days as "YYYY-MM-DD" strings: service days, validity periods, due dates. They are
 * dates, not instants, so the arithmetic goes through UTC, where every day has 24 hours and no
 * time zone or DST switch can move a day.
 */

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** Shifts a date by whole days. A date that does not exist comes back changed (time entries rely on it). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The ISO weekday of a "YYYY-MM-DD" day: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

/** "YYYY-MM-DD" naming a day that exists: no 2026-02-30, no 2025-02-29, no month 13. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The first day of the month after "YYYY-MM": the open end of a month's days. */
export function nextMonthStart(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

/** The calendar year of a day, as [first day, first day of the next year). */
export function yearSpan(day: string): { from: string; to: string } {
  const year = Number(day.slice(0, 4));
  return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

/** "2026-03" -> "2026-03-01" */
export const monthStart = (month: string) => `${month}-01`;

/** The month a "YYYY-MM-DD" day belongs to. */
export const monthOfDay = (day: string) => day.slice(0, 7);
