import { describe, expect, it } from "vitest";
import { presetPeriod } from "./period";

const on = (iso: string) => new Date(iso);

describe("report period presets", () => {
  it("are Tallinn calendar days, first to last", () => {
    const now = on("2026-12-06T10:00:00Z");
    expect(presetPeriod("thisMonth", now)).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(presetPeriod("lastMonth", now)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetPeriod("thisQuarter", now)).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(presetPeriod("thisYear", now)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(presetPeriod("lastYear", now)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
  });

  it("cross the year and know February's length", () => {
    expect(presetPeriod("lastMonth", on("2026-01-15T10:00:00Z"))).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(presetPeriod("thisQuarter", on("2026-01-15T10:00:00Z"))).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(presetPeriod("thisQuarter", on("2026-05-31T10:00:00Z"))).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(presetPeriod("thisMonth", on("2028-02-10T10:00:00Z"))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(presetPeriod("lastMonth", on("2026-03-31T10:00:00Z"))).toEqual({ from: "2026-02-01", to: "2026-02-28" });
  });

  it("count from Tallinn's day, not UTC's", () => {
    // 22:30 UTC on New Year's Eve is already 1 January in Tallinn.
    expect(presetPeriod("thisYear", on("2026-12-31T22:30:00Z"))).toEqual({ from: "2027-01-01", to: "2027-12-31" });
  });
});
