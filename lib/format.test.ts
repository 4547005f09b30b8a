import { describe, expect, it } from "vitest";
import { decimalText, formatFor, intlLocale } from "./format";

// Intl separates thousands and units with no-break spaces and writes a real minus sign.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ").replace(/\u2212/g, "-");

const et = formatFor("et");
const en = formatFor("en");
// 1 December 2026, 10:05 UTC = 12:05 in Tallinn (winter, UTC+2).
const instant = new Date("2026-12-01T10:05:00Z");

describe("formatFor", () => {
  it("writes numbers with a decimal comma in Estonian and a point in English, thousands grouped", () => {
    expect(plain(et.number(3.5))).toBe("3,5");
    expect(plain(en.number(3.5))).toBe("3.5");
    expect(plain(et.number(1234.567))).toBe("1 234,57");
    expect(plain(en.number(1234.567))).toBe("1,234.57");
    expect(plain(et.decimal(0.5))).toBe("0,50");
    expect(plain(et.decimal("4.25", 1))).toBe("4,3");
    expect(plain(et.hours(0.5))).toBe("0,5");
    expect(plain(en.hours("7.50"))).toBe("7.5");
  });

  it("writes money from integer cents, euros sign where each language puts it", () => {
    expect(plain(et.money(123456))).toBe("1 234,56 €");
    expect(plain(en.money(123456))).toBe("€1,234.56");
    expect(plain(et.money(-1250))).toBe("-12,50 €");
    expect(plain(et.money(2940))).toBe("29,40 €");
    expect(plain(et.money(10))).toBe("0,10 €");
    expect(en.money(2940)).toBe("€29.40");
    expect(plain(et.percent(12.5))).toBe("12,5%");
    expect(plain(en.percent(12.5))).toBe("12.5%");
  });

  it("writes a day before its month in both languages, with four-digit years", () => {
    expect(et.date("2026-11-10")).toBe("10.11.2026");
    expect(en.date("2026-11-10")).toBe("10/11/2026");
    expect(et.dayMonth("2026-11-30")).toBe("30.11");
    expect(en.weekdayDay("2026-12-01")).toBe("Tue 01/12");
    expect(et.weekdayDay("2026-12-01")).toBe("T, 01.12");
    expect(et.longDate("2026-12-01")).toBe("teisipäev, 1. detsember 2026");
  });

  it("writes instants in Tallinn time with a 24-hour clock, across the DST switch", () => {
    expect(et.time(instant)).toBe("12:05");
    expect(en.time(instant)).toBe("12:05");
    expect(en.dateTime(instant)).toBe("01/12/2026 12:05");
    // 31 March 2026 is summer time (UTC+3); 23:30 UTC is already the next day in Tallinn.
    expect(et.dateTime(new Date("2026-03-31T23:30:00Z"))).toBe("01.04.2026 02:30");
    expect(en.slot(instant, new Date("2026-12-01T11:00:00Z"))).toBe("Tue 01/12 12:05–13:00");
    expect(et.timeRange(instant, new Date("2026-12-02T08:00:00Z"))).toBe("12:05–02.12.2026 10:00");
  });

  it("keeps a calendar day on its day whatever the machine's zone", () => {
    // Written in UTC at noon: a day string never slides to the day before.
    expect(et.date("2026-03-29")).toBe("29.03.2026");
    expect(en.date("2026-10-25")).toBe("25/10/2026");
  });

  it("names months in each language", () => {
    expect(et.month("2026-12")).toBe("detsember 2026");
    expect(en.month("2026-12")).toBe("December 2026");
    expect(et.monthShort("2026-01")).toBe("01.2026");
    expect(en.monthShort("2026-01")).toBe("01/2026");
  });

  it("treats anything but English as Estonian", () => {
    expect(intlLocale("en")).toBe("en-GB");
    expect(intlLocale("et")).toBe("et-EE");
    expect(intlLocale("de")).toBe("et-EE");
  });

  it("writes machine decimals with a dot for numeric columns", () => {
    expect(decimalText(3.456)).toBe("3.46");
    expect(decimalText(7.5, 1)).toBe("7.5");
  });
});
