/**
 * The one way numbers, money, hours, dates and times are written for people: pages, PDFs, exports
 * and e-mails all go through here (a lint rule refuses toFixed, toLocale*String and Intl formatters
 * elsewhere). Estonian is et-EE; English is en-GB, so a day is always written before its month
 * ("Tue 01/12", never "12/1"). Calendar days ("YYYY-MM-DD") are dates, not instants, and are
 * written as they are; instants are written in Europe/Tallinn, where the services happen.
 */

export type UiLocale = "et" | "en";

const TALLINN = "Europe/Tallinn";
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** The BCP 47 tag behind a UI language: anything but English is Estonian, as in i18n/request.ts. */
export const intlLocale = (locale: string) => (locale === "en" || locale.startsWith("en-") ? "en-GB" : "et-EE");

export type Format = ReturnType<typeof build>;

const cache = new Map<string, Format>();

/** The formatter for a UI language ("et", "en"); built once per language. */
export function formatFor(locale: string): Format {
  const tag = intlLocale(locale);
  let f = cache.get(tag);
  if (!f) {
    f = build(tag);
    cache.set(tag, f);
  }
  return f;
}

/** A calendar day or month is pinned to UTC noon and written in UTC, so no zone can move it. */
function instantOf(value: Date | string): { at: Date; zone: string } {
  if (value instanceof Date) return { at: value, zone: TALLINN };
  if (DAY.test(value)) return { at: new Date(`${value}T12:00:00Z`), zone: "UTC" };
  if (MONTH.test(value)) return { at: new Date(`${value}-15T12:00:00Z`), zone: "UTC" };
  return { at: new Date(value), zone: TALLINN };
}

function build(tag: "et-EE" | "en-GB") {
  const numbers = new Map<string, Intl.NumberFormat>();
  const number = (min: number, max: number) => {
    const key = `${min}/${max}`;
    let f = numbers.get(key);
    if (!f) {
      f = new Intl.NumberFormat(tag, { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: "always" });
      numbers.set(key, f);
    }
    return f;
  };
  // Every Intl formatter is made on its first use: making one costs milliseconds (tens of them on
  // a slow phone), and a page that writes no money or percentage should not pay for them at load.
  let euroFormat: Intl.NumberFormat | undefined;
  const euro = () => (euroFormat ??= new Intl.NumberFormat(tag, { style: "currency", currency: "EUR", useGrouping: "always" }));
  const plains = new Map<number, Intl.NumberFormat>();
  const plainNumber = (digits: number) => {
    let f = plains.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
      plains.set(digits, f);
    }
    return f;
  };
  let percentFormat: Intl.NumberFormat | undefined;
  const percent = () =>
    (percentFormat ??= new Intl.NumberFormat(tag, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }));

  const dates = new Map<string, Intl.DateTimeFormat>();
  const dateTime = (name: string, options: Intl.DateTimeFormatOptions) => (value: Date | string) => {
    const { at, zone } = instantOf(value);
    const key = `${name}@${zone}`;
    let f = dates.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(tag, { ...options, timeZone: zone });
      dates.set(key, f);
    }
    return f.format(at);
  };
  const twoDigitHour = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

  const f = {
    locale: tag,
    /** "1 234,5" / "1,234.5": at most `max` decimals (2 unless told), grouped thousands. */
    number: (value: number, max = 2) => number(0, max).format(value),
    /** Exactly `digits` decimals: "3,50" / "3.50". */
    decimal: (value: number | string, digits = 2) => number(digits, digits).format(Number(value)),
    /** Hours as a count: "7,5" / "7.5", at most two decimals; the unit comes from the sentence. */
    hours: (value: number | string) => number(0, 2).format(Number(value)),
    /** Integer cents as euros: "1 234,50 €" / "€1,234.50". */
    money: (cents: number) => euro().format(cents / 100),
    /** A percentage given as percent points (12.5 -> "12,5%"). */
    percent: (points: number) => percent().format(points / 100),
    /** "01.12.2026" / "01/12/2026". */
    date: dateTime("date", { day: "2-digit", month: "2-digit", year: "numeric" }),
    /** "01.12" / "01/12". */
    dayMonth: dateTime("dayMonth", { day: "2-digit", month: "2-digit" }),
    /** "T, 01.12" / "Tue 01/12": calendar and workload headers. */
    weekdayDay: dateTime("weekdayDay", { weekday: "short", day: "2-digit", month: "2-digit" }),
    /** "teisipäev, 1. detsember 2026" / "Tuesday, 1 December 2026". */
    longDate: dateTime("longDate", { weekday: "long", day: "numeric", month: "long", year: "numeric" }),
    /** "14:05": 24 h in both languages. */
    time: dateTime("time", twoDigitHour),
    /** "01.12.2026 14:05" / "01/12/2026 14:05". */
    dateTime: (value: Date | string) => `${f.date(value)} ${f.time(value)}`,
    /** "detsember 2026" / "December 2026" from "YYYY-MM" (or a day or an instant in that month). */
    month: dateTime("month", { month: "long", year: "numeric" }),
    /** "detsember" / "December": a month's name alone, for a month chooser ("YYYY-MM"). */
    monthName: dateTime("monthName", { month: "long" }),
    /** "12.2026" / "12/2026": month columns and headings. */
    monthShort: dateTime("monthShort", { month: "2-digit", year: "numeric" }),
    /** A number for a CSV cell: the language's decimal mark, exactly `digits` decimals, no grouping. */
    plain: (value: number, digits = 2) => plainNumber(digits).format(value).replace("\u2212", "-"),
    /** "14:05–15:00", or with the end's date when it ends on another day. */
    timeRange: (start: Date, end: Date) => `${f.time(start)}–${f.date(start) === f.date(end) ? f.time(end) : f.dateTime(end)}`,
    /** "T, 01.12 14:05–15:00" / "Tue 01/12 14:05–15:00": a session or a booked slot. */
    slot: (start: Date, end: Date) => `${f.weekdayDay(start)} ${f.timeRange(start, end)}`,
  };
  return f;
}

/**
 * Machine text of a decimal for numeric columns, XML and file names: a dot, exactly `digits`
 * decimals, no grouping. Never shown to a person as is.
 */
export function decimalText(value: number, digits = 2): string {
  return value.toFixed(digits);
}
