import { addDays } from "./calendar-days";

/**
 * Estonian public holidays (Public Holidays and Days of National Importance Act § 2) and the
 * shortened working days before some of them (Employment Contracts Act § 53 (4)). Pure date
 * arithmetic on "YYYY-MM-DD" strings, so the calendars and the server agree without a time zone.
 */

export type HolidayKey =
  | "newYear"
  | "independenceDay"
  | "goodFriday"
  | "easterSunday"
  | "springDay"
  | "pentecost"
  | "victoryDay"
  | "midsummerDay"
  | "restorationDay"
  | "christmasEve"
  | "christmasDay"
  | "boxingDay";

export type Holiday = { date: string; key: HolidayKey };

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Western (Gregorian) Easter Sunday: the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** The twelve public holidays of a year, in date order. */
export function publicHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: iso(year, 1, 1), key: "newYear" },
    { date: iso(year, 2, 24), key: "independenceDay" },
    { date: addDays(easter, -2), key: "goodFriday" },
    { date: easter, key: "easterSunday" },
    { date: iso(year, 5, 1), key: "springDay" },
    { date: addDays(easter, 49), key: "pentecost" },
    { date: iso(year, 6, 23), key: "victoryDay" },
    { date: iso(year, 6, 24), key: "midsummerDay" },
    { date: iso(year, 8, 20), key: "restorationDay" },
    { date: iso(year, 12, 24), key: "christmasEve" },
    { date: iso(year, 12, 25), key: "christmasDay" },
    { date: iso(year, 12, 26), key: "boxingDay" },
  ];
  return list.sort((x, y) => x.date.localeCompare(y.date));
}

/** The holidays whose preceding working day is three hours shorter. */
const SHORTENED_BEFORE: HolidayKey[] = ["newYear", "independenceDay", "victoryDay", "christmasEve"];

/**
 * Working days shortened by three hours: the day right before New Year, Independence Day,
 * Victory Day and Christmas Eve, when that day is a working day (Monday to Friday and not a
 * holiday itself). When it falls on a weekend, no other day is shortened instead.
 */
export function shortenedDays(year: number): { date: string; before: HolidayKey }[] {
  const holidays = new Set([...publicHolidays(year - 1), ...publicHolidays(year), ...publicHolidays(year + 1)].map((h) => h.date));
  const out: { date: string; before: HolidayKey }[] = [];
  for (const y of [year, year + 1]) {
    for (const h of publicHolidays(y)) {
      if (!SHORTENED_BEFORE.includes(h.key)) continue;
      const day = addDays(h.date, -1);
      if (!day.startsWith(`${year}-`)) continue;
      const wd = weekday(day);
      if (wd === 0 || wd === 6 || holidays.has(day)) continue;
      out.push({ date: day, before: h.key });
    }
  }
  return out.sort((x, y) => x.date.localeCompare(y.date));
}

/** Holidays and shortened days between two dates ("YYYY-MM-DD", end exclusive). */
export function calendarFacts(from: string, to: string): { holidays: Holiday[]; shortened: { date: string; before: HolidayKey }[] } {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  const inRange = (d: string) => d >= from && d < to;
  return {
    holidays: years.flatMap(publicHolidays).filter((h) => inRange(h.date)),
    shortened: years.flatMap(shortenedDays).filter((s) => inRange(s.date)),
  };
}
