import { describe, expect, it } from "vitest";
import { calendarFacts, easterSunday, publicHolidays, shortenedDays, weekday } from "./holidays";

describe("easterSunday", () => {
  it.each([
    [2019, "2019-04-21"],
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2038, "2038-04-25"],
    [2285, "2285-03-22"],
    [1818, "1818-03-22"],
    [1943, "1943-04-25"],
  ])("%i: %s", (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe("publicHolidays", () => {
  it("2026: Good Friday 3 April, Easter 5 April, Pentecost 24 May", () => {
    expect(publicHolidays(2026)).toEqual([
      { date: "2026-01-01", key: "newYear" },
      { date: "2026-02-24", key: "independenceDay" },
      { date: "2026-04-03", key: "goodFriday" },
      { date: "2026-04-05", key: "easterSunday" },
      { date: "2026-05-01", key: "springDay" },
      { date: "2026-05-24", key: "pentecost" },
      { date: "2026-06-23", key: "victoryDay" },
      { date: "2026-06-24", key: "midsummerDay" },
      { date: "2026-08-20", key: "restorationDay" },
      { date: "2026-12-24", key: "christmasEve" },
      { date: "2026-12-25", key: "christmasDay" },
      { date: "2026-12-26", key: "boxingDay" },
    ]);
  });

  it("2027: Easter in March moves Good Friday and Pentecost with it", () => {
    const byKey = Object.fromEntries(publicHolidays(2027).map((h) => [h.key, h.date]));
    expect(byKey).toMatchObject({ goodFriday: "2027-03-26", easterSunday: "2027-03-28", pentecost: "2027-05-16", springDay: "2027-05-01" });
    expect(publicHolidays(2027)).toHaveLength(12);
  });

  it("Good Friday is a Friday and Pentecost a Sunday, every year", () => {
    for (let year = 2000; year <= 2100; year++) {
      const byKey = Object.fromEntries(publicHolidays(year).map((h) => [h.key, h.date]));
      expect(weekday(byKey.goodFriday!)).toBe(5);
      expect(weekday(byKey.easterSunday!)).toBe(0);
      expect(weekday(byKey.pentecost!)).toBe(0);
    }
  });
});

describe("shortenedDays", () => {
  it("2026: the working days before 24 Feb, 23 Jun, 24 Dec and 1 Jan 2027", () => {
    expect(shortenedDays(2026)).toEqual([
      { date: "2026-02-23", before: "independenceDay" },
      { date: "2026-06-22", before: "victoryDay" },
      { date: "2026-12-23", before: "christmasEve" },
      { date: "2026-12-31", before: "newYear" },
    ]);
  });

  it("2027 likewise", () => {
    expect(shortenedDays(2027).map((d) => d.date)).toEqual(["2027-02-23", "2027-06-22", "2027-12-23", "2027-12-31"]);
  });

  it("a day before that falls on a weekend is not shortened, and no other day instead", () => {
    // 23 Feb and 22 Jun 2025 are Sundays; 23 Dec 2028 is a Saturday.
    expect(shortenedDays(2025).map((d) => d.date)).toEqual(["2025-12-23", "2025-12-31"]);
    expect(shortenedDays(2028).map((d) => d.date)).not.toContain("2028-12-23");
    expect(shortenedDays(2028).map((d) => d.date)).not.toContain("2028-12-22");
  });
});

describe("calendarFacts", () => {
  it("takes a week across the new year from both years", () => {
    const facts = calendarFacts("2026-12-28", "2027-01-04");
    expect(facts.holidays.map((h) => h.date)).toEqual(["2027-01-01"]);
    expect(facts.shortened.map((s) => s.date)).toEqual(["2026-12-31"]);
  });

  it("excludes the end date", () => {
    expect(calendarFacts("2026-04-01", "2026-04-05").holidays.map((h) => h.key)).toEqual(["goodFriday"]);
  });
});
