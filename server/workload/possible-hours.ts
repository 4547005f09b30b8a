import { addDays, monthStart, nextMonthStart } from "@/lib/calendar-days";
import { calendarFacts, weekday, type HolidayKey } from "@/lib/holidays";
import { invalid } from "@/server/errors";

/**
 * A month of work ("YYYY-MM") and the hours a person can work in it: the weekly hours spread
 * over Monday to Friday, nothing on public holidays, three hours less on the working day before
 * New Year, Independence Day, Victory Day and Christmas Eve (Employment Contracts Act § 53 (4):
 * three hours whatever the day's length, so a day of three hours or less is free). Pure date
 * arithmetic: the Tallinn time zone only decides where a month starts and ends as instants.
 */

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const SHORTENED_BY_HOURS = 3;

export function assertMonth(month: string, field = "month"): void {
  if (!MONTH_PATTERN.test(month)) throw invalid(field, "errors.monthInvalid", "The month is not valid (YYYY-MM)");
}

// The day-string helpers live in lib/calendar-days.ts; workload code takes them from here too.
export { monthOfDay, monthStart, nextMonthStart } from "@/lib/calendar-days";
// And the month's instants and an instant's month, from lib/tallinn-time.ts (the pages use them too).
export { tallinnMonthRange as monthRange, tallinnMonth as monthOf } from "@/lib/tallinn-time";

export type WorkingDay = { date: string; hours: number; shortened: boolean };

export type PossibleHours = {
  /** The month's possible hours, to two decimals. */
  hours: number;
  /** Weekly hours / 5. */
  dailyHours: number;
  workingDays: number;
  /** Holidays that fall on a weekday, so cost working time. */
  holidays: { date: string; key: HolidayKey }[];
  shortenedDays: string[];
  days: WorkingDay[];
};

type MonthCalendar = { weekdays: { date: string; shortened: boolean }[]; holidays: { date: string; key: HolidayKey }[] };

/**
 * A month's working weekdays (holidays left out, shortened days marked) and its holidays on
 * weekdays: the same for everyone, so worked out once per month and kept. A year's report of 300
 * people asked for 3,600 person-months, and working each out again took 0.4 s. A few hundred
 * months at most are ever asked, so the map stays small.
 */
const calendars = new Map<string, MonthCalendar>();
function monthCalendar(month: string): MonthCalendar {
  const known = calendars.get(month);
  if (known) return known;
  const first = monthStart(month);
  const end = nextMonthStart(month);
  const facts = calendarFacts(first, end);
  const holidays = new Map(facts.holidays.map((h) => [h.date, h.key]));
  const shortened = new Set(facts.shortened.map((s) => s.date));
  const weekdays: MonthCalendar["weekdays"] = [];
  for (let day = first; day < end; day = addDays(day, 1)) {
    const wd = weekday(day);
    if (wd === 0 || wd === 6 || holidays.has(day)) continue;
    weekdays.push({ date: day, shortened: shortened.has(day) });
  }
  const calendar = { weekdays, holidays: facts.holidays.filter((h) => weekday(h.date) !== 0 && weekday(h.date) !== 6) };
  if (calendars.size >= 1000) calendars.clear();
  calendars.set(month, calendar);
  return calendar;
}

/** The possible hours of a month for someone working `weeklyHours` a week (0 to 60). */
export function possibleHours(month: string, weeklyHours: number): PossibleHours {
  assertMonth(month);
  // Hundredths of an hour as integers: 37.5 h a week is 750 a day, no floating-point drift.
  const daily = Math.round((weeklyHours * 100) / 5);
  const calendar = monthCalendar(month);
  const days: WorkingDay[] = [];
  let total = 0;
  for (const { date, shortened } of calendar.weekdays) {
    const hours = shortened ? Math.max(0, daily - SHORTENED_BY_HOURS * 100) : daily;
    total += hours;
    days.push({ date, hours: hours / 100, shortened });
  }
  return {
    hours: total / 100,
    dailyHours: daily / 100,
    workingDays: days.length,
    holidays: calendar.holidays.map((h) => ({ ...h })),
    shortenedDays: days.filter((d) => d.shortened).map((d) => d.date),
    days,
  };
}
