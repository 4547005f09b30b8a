import { DateTime } from "luxon";

/**
 * Wall-clock time in Europe/Tallinn, which moves between UTC+2 and UTC+3. Weekly sessions keep
 * their local time across the DST switches: 10:00 stays 10:00, not 09:00 or 11:00.
 */
export const TIME_ZONE = "Europe/Tallinn";

/** The instant of a Tallinn date and time ("2026-03-29", "10:00"); null when they make none. */
export function fromTallinn(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: TIME_ZONE });
  return dt.isValid ? dt.toJSDate() : null;
}

/** The instant of a Tallinn date and time the caller knows to be valid. */
export function tallinnTime(date: string, time: string): Date {
  const instant = fromTallinn(date, time);
  if (!instant) throw new Error(`not a Tallinn date and time: ${date} ${time}`);
  return instant;
}

/** The Tallinn date ("YYYY-MM-DD") and time ("HH:MM") of an instant. */
export function tallinnParts(instant: Date): { date: string; time: string } {
  const dt = DateTime.fromJSDate(instant, { zone: TIME_ZONE });
  return { date: dt.toFormat("yyyy-MM-dd"), time: dt.toFormat("HH:mm") };
}

/** The Tallinn calendar date of an instant, "YYYY-MM-DD": the day a service was given. */
export const tallinnDate = (instant: Date) => tallinnParts(instant).date;

/** Today in Tallinn, "YYYY-MM-DD". */
export const tallinnToday = (now = new Date()) => tallinnDate(now);

/** Tallinn midnight starting a "YYYY-MM-DD" day shifted by whole days, as an instant. */
export const tallinnDayStart = (date: string, plusDays = 0): Date =>
  DateTime.fromISO(date, { zone: TIME_ZONE }).plus({ days: plusDays }).toJSDate();
