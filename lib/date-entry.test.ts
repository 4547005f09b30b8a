import { describe, expect, it } from "vitest";
import { formatDate, formatMonth, formatTime, isCompleteDate, parseDate, parseMonth, parseTime, timeSteps } from "./date-entry";
import { formatFor } from "./format";

const today = new Date(2026, 11, 4);

describe("typed days", () => {
  it("reads the Estonian and the British way and ISO alike", () => {
    for (const text of ["03.12.2026", "3.12.2026", "03/12/2026", "3/12/2026", "2026-12-03", "03-12-2026", " 3.12.2026 ", "03122026"]) {
      expect(parseDate(text, { today }), text).toEqual({ ok: true, value: "2026-12-03" });
    }
  });

  it("reads two-digit years within 80 years back and 19 ahead", () => {
    expect(parseDate("3.12.26", { today })).toEqual({ ok: true, value: "2026-12-03" });
    expect(parseDate("5.3.85", { today })).toEqual({ ok: true, value: "1985-03-05" });
    expect(parseDate("1.1.45", { today })).toEqual({ ok: true, value: "2045-01-01" });
    expect(parseDate("1.1.46", { today })).toEqual({ ok: true, value: "1946-01-01" });
    expect(parseDate("031226", { today })).toEqual({ ok: true, value: "2026-12-03" });
  });

  it("takes this year when none is typed", () => {
    expect(parseDate("24.12", { today })).toEqual({ ok: true, value: "2026-12-24" });
  });

  it("refuses days that do not exist and text that is no day", () => {
    expect(parseDate("31.02.2026", { today })).toEqual({ ok: false, error: "noSuchDay" });
    expect(parseDate("29.02.2026", { today })).toEqual({ ok: false, error: "noSuchDay" });
    expect(parseDate("29.02.2028", { today })).toEqual({ ok: true, value: "2028-02-29" });
    expect(parseDate("3.13.2026", { today })).toEqual({ ok: false, error: "noSuchDay" });
    expect(parseDate("00.12.2026", { today })).toEqual({ ok: false, error: "noSuchDay" });
    for (const text of ["homme", "3.12.202", "12/3/2026pm", "2026-12", "1.2.3.4"]) {
      expect(parseDate(text, { today }), text).toEqual({ ok: false, error: "dateShape" });
    }
  });

  it("keeps to the allowed range", () => {
    expect(parseDate("01.12.2026", { min: "2026-12-02" })).toEqual({ ok: false, error: "beforeMin" });
    expect(parseDate("03.12.2026", { max: "2026-12-02" })).toEqual({ ok: false, error: "afterMax" });
    expect(parseDate("01.01.1899")).toEqual({ ok: false, error: "beforeMin" });
  });

  it("is empty when nothing is typed", () => {
    expect(parseDate("  ")).toEqual({ ok: true, value: "" });
  });

  it("writes a day as the UI language does, and reads it back", () => {
    expect(formatDate("2026-12-03", "et")).toBe("03.12.2026");
    expect(formatDate("2026-12-03", "en")).toBe("03/12/2026");
    expect(formatDate("", "et")).toBe("");
    for (const locale of ["et", "en"]) {
      expect(parseDate(formatDate("1985-03-05", locale))).toEqual({ ok: true, value: "1985-03-05" });
    }
  });

  it("counts a day while typing only once its year is whole", () => {
    expect(isCompleteDate("3.12.2026")).toBe(true);
    expect(isCompleteDate("2026-12-03")).toBe(true);
    expect(isCompleteDate("3.12.20")).toBe(false);
    expect(isCompleteDate("031226")).toBe(false);
  });
});

describe("typed times", () => {
  it("reads hours alone, hours and minutes with or without a mark, always 24 h", () => {
    const cases: [string, string][] = [
      ["9", "09:00"],
      ["09", "09:00"],
      ["930", "09:30"],
      ["0930", "09:30"],
      ["9.30", "09:30"],
      ["9:30", "09:30"],
      ["09:30", "09:30"],
      ["1530", "15:30"],
      ["0", "00:00"],
      ["23:59", "23:59"],
    ];
    for (const [text, value] of cases) expect(parseTime(text), text).toEqual({ ok: true, value });
  });

  it("refuses times that do not exist and AM/PM", () => {
    expect(parseTime("24:00")).toEqual({ ok: false, error: "noSuchTime" });
    expect(parseTime("9:60")).toEqual({ ok: false, error: "noSuchTime" });
    expect(parseTime("975")).toEqual({ ok: false, error: "noSuchTime" });
    expect(parseTime("9:30 PM")).toEqual({ ok: false, error: "timeShape" });
    expect(parseTime("12345")).toEqual({ ok: false, error: "timeShape" });
  });

  it("keeps to the allowed range and lists the steps within it", () => {
    expect(parseTime("7:30", { min: "08:00" })).toEqual({ ok: false, error: "beforeMin" });
    expect(parseTime("20", { max: "18:00" })).toEqual({ ok: false, error: "afterMax" });
    expect(timeSteps(30, "08:00", "10:00")).toEqual(["08:00", "08:30", "09:00", "09:30", "10:00"]);
    expect(timeSteps(60)).toHaveLength(24);
    expect(formatTime("09:30")).toBe("09:30");
  });
});

describe("typed months", () => {
  it("reads month and year in both languages and ISO", () => {
    for (const text of ["12.2026", "12/2026", "2026-12", "12.26", "12-2026"]) {
      expect(parseMonth(text, { today }), text).toEqual({ ok: true, value: "2026-12" });
    }
    expect(parseMonth("1.2021", { today })).toEqual({ ok: true, value: "2021-01" });
  });

  it("refuses a thirteenth month and other text", () => {
    expect(parseMonth("13.2026")).toEqual({ ok: false, error: "noSuchMonth" });
    expect(parseMonth("detsember")).toEqual({ ok: false, error: "monthShape" });
    expect(parseMonth("12.2026", { min: "2027-01" })).toEqual({ ok: false, error: "beforeMin" });
  });

  it("writes a month as the UI language does", () => {
    expect(formatMonth("2026-12", "et")).toBe("12.2026");
    expect(formatMonth("2026-12", "en")).toBe("12/2026");
    expect(formatFor("et").monthName("2026-12")).toBe("detsember");
    expect(formatFor("en").monthName("2026-12")).toBe("December");
  });
});
