import { DateTime, Settings } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "./calendar-days";
import { fromTallinn, tallinnDayStart, tallinnMonth, tallinnMonthRange, tallinnParts, TIME_ZONE } from "./tallinn-time";

/**
 * lib/tallinn-time.ts is built on Intl so that pages need not carry luxon; luxon (still used by
 * the server and by FullCalendar's time zone plugin) is the reference it must agree with, on
 * every half hour of three years, both DST switches of each included.
 */

const FROM = "2025-01-01";
const DAYS = 3 * 365 + 1;
const halfHours = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`);

// luxon starts from the zone's offset now, so a time the autumn switch repeats depends on the
// season it is asked in; asked in winter, it is the second (winter) one, as fromTallinn answers.
const realNow = Settings.now;
beforeAll(() => {
  Settings.now = () => Date.UTC(2026, 0, 15, 12);
});
afterAll(() => {
  Settings.now = realNow;
});

describe("Tallinn time without luxon", () => {
  it("reads every half hour's wall clock as luxon does", () => {
    const start = Date.UTC(2025, 0, 1) - 3 * 3_600_000;
    const differ: string[] = [];
    for (let i = 0; i < DAYS * 48; i++) {
      const instant = new Date(start + i * 1_800_000 + 7 * 60_000);
      const dt = DateTime.fromJSDate(instant, { zone: TIME_ZONE });
      const expected = { date: dt.toFormat("yyyy-MM-dd"), time: dt.toFormat("HH:mm") };
      const got = tallinnParts(instant);
      if (got.date !== expected.date || got.time !== expected.time) differ.push(instant.toISOString());
    }
    expect(differ).toEqual([]);
  });

  it("turns every Tallinn date and half hour into the instant luxon does", () => {
    const differ: string[] = [];
    for (let d = 0; d < DAYS; d++) {
      const date = addDays(FROM, d);
      for (const time of halfHours) {
        const expected = DateTime.fromISO(`${date}T${time}`, { zone: TIME_ZONE }).toJSDate().getTime();
        if (fromTallinn(date, time)?.getTime() !== expected) differ.push(`${date} ${time}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it("moves a time the spring switch skips forward and takes the winter one of a repeated time", () => {
    // 2026-03-29 03:00 EET became 04:00 EEST; 2026-10-25 04:00 EEST became 03:00 EET.
    expect(fromTallinn("2026-03-29", "03:30")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(tallinnParts(fromTallinn("2026-03-29", "03:30")!)).toEqual({ date: "2026-03-29", time: "04:30" });
    expect(fromTallinn("2026-10-25", "03:30")?.toISOString()).toBe("2026-10-25T01:30:00.000Z");
    expect(fromTallinn("2026-07-01", "10:00")?.toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(fromTallinn("2026-12-01", "10:00")?.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    // The end of a day, as luxon reads it too.
    expect(fromTallinn("2026-03-28", "24:00")?.toISOString()).toBe("2026-03-28T22:00:00.000Z");
  });

  it("refuses what is not a date and time, as luxon finds it invalid", () => {
    for (const [date, time] of [
      ["2026-02-29", "10:00"],
      ["2026-13-01", "10:00"],
      ["2026-04-31", "10:00"],
      ["2026-04-01", "24:30"],
      ["2026-04-01", "10:60"],
    ] as const) {
      expect(fromTallinn(date, time), `${date} ${time}`).toBeNull();
      expect(DateTime.fromISO(`${date}T${time}`, { zone: TIME_ZONE }).isValid, `${date} ${time}`).toBe(false);
    }
    // Only "YYYY-MM-DD" and "HH:MM", not the other ISO spellings luxon reads.
    expect(fromTallinn("2026-4-01", "10:00")).toBeNull();
    expect(fromTallinn("2026-04-01", "1000")).toBeNull();
  });

  it("starts days as luxon does, across the switches and shifted by days", () => {
    const differ: string[] = [];
    for (let d = 0; d < DAYS; d += 3) {
      const date = addDays(FROM, d);
      for (const plus of [0, 1, -1, 7, 30, -45, 200]) {
        const expected = DateTime.fromISO(date, { zone: TIME_ZONE }).plus({ days: plus }).toJSDate().getTime();
        if (tallinnDayStart(date, plus).getTime() !== expected) differ.push(`${date} ${plus}`);
      }
    }
    expect(differ).toEqual([]);
    expect(Number.isNaN(tallinnDayStart("2026-02-30").getTime())).toBe(true);
  });

  it("gives a month's instants from Tallinn midnight to Tallinn midnight, DST switch included", () => {
    const march = tallinnMonthRange("2026-03");
    expect(march.from.toISOString()).toBe("2026-02-28T22:00:00.000Z");
    expect(march.to.toISOString()).toBe("2026-03-31T21:00:00.000Z");
    expect(tallinnMonthRange("2026-12").to.toISOString()).toBe("2026-12-31T22:00:00.000Z");
    // 22:30 UTC on New Year's Eve is already January in Tallinn.
    expect(tallinnMonth(new Date("2026-12-31T22:30:00Z"))).toBe("2027-01");
    expect(tallinnMonth(new Date("2026-12-31T21:30:00Z"))).toBe("2026-12");
  });
});
