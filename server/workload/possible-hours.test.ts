import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { monthOf, monthRange, nextMonthStart, possibleHours } from "./possible-hours";

const HOUR = 3_600_000;

describe("possibleHours", () => {
  it("December 2026: Christmas Eve and Day on weekdays cost two days, 23 and 31 December are three hours shorter", () => {
    const december = possibleHours("2026-12", 40);
    // 23 weekdays, minus Thu 24 and Fri 25 (Sat 26 costs nothing) = 21 days of 8 h, minus 2 x 3 h.
    expect(december).toMatchObject({ hours: 162, dailyHours: 8, workingDays: 21, shortenedDays: ["2026-12-23", "2026-12-31"] });
    expect(december.holidays.map((h) => h.key)).toEqual(["christmasEve", "christmasDay"]);
    expect(december.days.find((d) => d.date === "2026-12-23")).toEqual({ date: "2026-12-23", hours: 5, shortened: true });
    expect(december.days.map((d) => d.date)).not.toContain("2026-12-24");
  });

  it("the shortened day loses three hours whatever the day's length: a 4-hour day becomes one, a 2-hour day none", () => {
    expect(possibleHours("2026-12", 20).hours).toBe(21 * 4 - 2 * 3);
    expect(possibleHours("2026-12", 10).hours).toBe(19 * 2);
    expect(possibleHours("2026-12", 10).days.find((d) => d.date === "2026-12-31")).toEqual({
      date: "2026-12-31",
      hours: 0,
      shortened: true,
    });
  });

  it("February 2026: Independence Day on a Tuesday, the Monday before it shortened", () => {
    expect(possibleHours("2026-02", 40)).toMatchObject({ hours: 19 * 8 - 3, workingDays: 19, shortenedDays: ["2026-02-23"] });
  });

  it("June 2026: Victory Day and Midsummer Day, and the Monday before them shortened", () => {
    const june = possibleHours("2026-06", 40);
    expect(june).toMatchObject({ hours: 20 * 8 - 3, workingDays: 20, shortenedDays: ["2026-06-22"] });
    expect(june.holidays.map((h) => h.date)).toEqual(["2026-06-23", "2026-06-24"]);
  });

  it("March 2024: Good Friday is a holiday and the DST switch on Easter Sunday changes nothing", () => {
    // 21 weekdays minus Good Friday 29 March; clocks went forward on Sunday 31 March.
    expect(possibleHours("2024-03", 40)).toMatchObject({ hours: 160, workingDays: 20, shortenedDays: [] });
    expect(possibleHours("2024-03", 37.5).hours).toBe(150);
  });

  it("October 2026 (clocks back on Sunday 25 October) is 22 plain working days", () => {
    expect(possibleHours("2026-10", 40)).toMatchObject({ hours: 176, workingDays: 22, holidays: [], shortenedDays: [] });
  });

  it("odd weekly hours stay exact to the hundredth", () => {
    expect(possibleHours("2026-10", 32.3).hours).toBe(142.12);
    expect(possibleHours("2026-10", 0).hours).toBe(0);
  });

  it("refuses a month that is not YYYY-MM, naming the field", () => {
    for (const bad of ["2026-13", "2026-3", "26-03", ""]) {
      let err: unknown;
      try {
        possibleHours(bad, 40);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: "INVALID_INPUT", field: "month" });
    }
  });
});

describe("monthRange", () => {
  it("starts and ends at Tallinn midnight: March 2026 is an hour short, October an hour long", () => {
    const march = monthRange("2026-03");
    expect(march.from.toISOString()).toBe("2026-02-28T22:00:00.000Z");
    expect(march.to.toISOString()).toBe("2026-03-31T21:00:00.000Z");
    expect((march.to.getTime() - march.from.getTime()) / HOUR).toBe(31 * 24 - 1);
    const october = monthRange("2026-10");
    expect((october.to.getTime() - october.from.getTime()) / HOUR).toBe(31 * 24 + 1);
  });

  it("a moment belongs to the month of its Tallinn date, not its UTC date", () => {
    expect(monthOf(new Date("2026-03-31T21:30:00Z"))).toBe("2026-04"); // 00:30 on 1 April in Tallinn
    expect(monthOf(new Date("2026-03-31T20:30:00Z"))).toBe("2026-03");
    expect(nextMonthStart("2026-12")).toBe("2027-01-01");
  });
});
