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

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** "01.08.2018": how Estonian documents write a date; used in messages for both languages. */
export function estonianDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}
