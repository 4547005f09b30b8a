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
