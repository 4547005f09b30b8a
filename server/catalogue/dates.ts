/**
 * Calendar days as "YYYY-MM-DD" strings. Validity periods and service days are dates, not
 * instants: they never pass through a JS Date in local time, so no time zone or DST switch can
 * move them by a day. Arithmetic goes through UTC, where every day has 24 hours.
 */

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** "01.08.2018": how Estonian documents write a date; used in messages for both languages. */
export function estonianDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
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
