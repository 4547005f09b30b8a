import { addDays, isCalendarDate, monthOfDay, nextMonthStart } from "./calendar-days";

/**
 * Wall-clock time in Europe/Tallinn, which moves between UTC+2 and UTC+3. Weekly sessions keep
 * their local time across the DST switches: 10:00 stays 10:00, not 09:00 or 11:00.
 *
 * Built on the browser's and Node's own time zone data (Intl) rather than a date library: these
 * functions run on every calendar, plan and dashboard page, and luxon was 22 kB of each page's
 * first-load JavaScript (gzip). tallinn-time.test.ts holds them to luxon, which the server and
 * FullCalendar's time zone plugin still use, on every half hour of three years.
 */
export const TIME_ZONE = "Europe/Tallinn";

let wallFormat: Intl.DateTimeFormat | undefined;

/** The Tallinn wall clock of an instant, as numbers. */
function tallinnWall(instant: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  wallFormat ??= new Intl.DateTimeFormat("en-US", {
    timeZone: TIME_ZONE,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  const parts: Record<string, number> = {};
  for (const p of wallFormat.formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return parts as Record<"year" | "month" | "day" | "hour" | "minute", number>;
}

/** Tallinn's offset from UTC at an instant, in milliseconds (2 or 3 hours). */
function offsetAt(ms: number): number {
  const w = tallinnWall(new Date(ms));
  const whole = ms - (((ms % 60_000) + 60_000) % 60_000);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - whole;
}

/** The instant of a Tallinn date and time ("2026-03-29", "10:00"); null when they make none. */
export function fromTallinn(date: string, time: string): Date | null {
  if (!isCalendarDate(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  // 24:00 is the end of the day: the next one's midnight.
  if (hour === 24 && minute === 0) return fromTallinn(addDays(date, 1), "00:00");
  if (hour > 23 || minute > 59) return null;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  // The wall time read as UTC, less the offset there, checked against the offset at the result
  // (luxon's way). A time the spring switch skips (03:30 on its day) moves forward by the hour
  // (04:30); of a time the autumn switch repeats, the second, winter one.
  const o1 = offsetAt(wall);
  const guess = wall - o1;
  const o2 = offsetAt(guess);
  if (o1 === o2) return new Date(guess);
  const second = guess - (o2 - o1);
  const o3 = offsetAt(second);
  if (o2 === o3) return new Date(second);
  return new Date(wall - Math.min(o2, o3));
}

/** The instant of a Tallinn date and time the caller knows to be valid. */
export function tallinnTime(date: string, time: string): Date {
  const instant = fromTallinn(date, time);
  if (!instant) throw new Error(`not a Tallinn date and time: ${date} ${time}`);
  return instant;
}

const two = (n: number) => String(n).padStart(2, "0");

/** The Tallinn date ("YYYY-MM-DD") and time ("HH:MM") of an instant. */
export function tallinnParts(instant: Date): { date: string; time: string } {
  const w = tallinnWall(instant);
  return { date: `${String(w.year).padStart(4, "0")}-${two(w.month)}-${two(w.day)}`, time: `${two(w.hour)}:${two(w.minute)}` };
}

/** The Tallinn calendar date of an instant, "YYYY-MM-DD": the day a service was given. */
export const tallinnDate = (instant: Date) => tallinnParts(instant).date;

/** Today in Tallinn, "YYYY-MM-DD". */
export const tallinnToday = (now = new Date()) => tallinnDate(now);

/**
 * A "YYYY-MM" month as instants: from Tallinn midnight of its first day to Tallinn midnight of the
 * next month's, half-open. In March the range is an hour shorter than its days, in October longer.
 */
export const tallinnMonthRange = (month: string): { from: Date; to: Date } => ({
  from: tallinnTime(`${month}-01`, "00:00"),
  to: tallinnTime(nextMonthStart(month), "00:00"),
});

/** The Tallinn month ("YYYY-MM") of an instant, today's by default. */
export const tallinnMonth = (instant: Date = new Date()) => monthOfDay(tallinnDate(instant));

/** Tallinn midnight starting a "YYYY-MM-DD" day shifted by whole days, as an instant (Invalid Date for no day). */
export const tallinnDayStart = (date: string, plusDays = 0): Date =>
  (isCalendarDate(date) && fromTallinn(addDays(date, plusDays), "00:00")) || new Date(NaN);
