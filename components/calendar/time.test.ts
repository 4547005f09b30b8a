import { describe, expect, it } from "vitest";
import { tallinnTime } from "@/lib/tallinn-time";
import { suggestedStart, validDate } from "./time";

const at = (date: string, time: string) => tallinnTime(date, time);
const iso = (d: Date) => d.toISOString();

describe("where a booking without a chosen slot starts", () => {
  it("is the next whole hour of today's working day", () => {
    // Wednesday 2 December 2026, Tallinn winter time.
    expect(iso(suggestedStart(null, at("2026-12-02", "10:20")))).toBe(iso(at("2026-12-02", "11:00")));
    expect(iso(suggestedStart(null, at("2026-12-02", "06:10")))).toBe(iso(at("2026-12-02", "08:00")));
    expect(iso(suggestedStart(null, at("2026-12-02", "23:30")))).toBe(iso(at("2026-12-03", "08:00")));
  });

  it("moves past the working day and the weekend to the next working morning", () => {
    expect(iso(suggestedStart(null, at("2026-12-02", "16:30")))).toBe(iso(at("2026-12-03", "09:00")));
    expect(iso(suggestedStart(null, at("2026-12-04", "16:30")))).toBe(iso(at("2026-12-07", "09:00")));
    expect(iso(suggestedStart(null, at("2026-12-05", "11:00")))).toBe(iso(at("2026-12-07", "09:00")));
  });

  it("keeps the wall clock across the spring switch", () => {
    // Sunday 29 March 2026 lost 03:00-04:00; Monday 09:00 is still 09:00.
    expect(iso(suggestedStart(null, at("2026-03-27", "17:00")))).toBe(iso(at("2026-03-30", "09:00")));
    expect(at("2026-03-30", "09:00").toISOString()).toBe("2026-03-30T06:00:00.000Z");
  });

  it("is 09:00 of the first working day shown when today is not on screen", () => {
    const now = at("2026-12-02", "10:20");
    const week = (from: string) => ({ from: at(from, "00:00"), to: at(from, "00:00") });
    expect(iso(suggestedStart({ ...week("2026-12-14"), to: at("2026-12-21", "00:00") }, now))).toBe(iso(at("2026-12-14", "09:00")));
    expect(iso(suggestedStart({ ...week("2026-12-12"), to: at("2026-12-13", "00:00") }, now))).toBe(iso(at("2026-12-14", "09:00")));
    // Today on screen: the next hour, not the first day.
    expect(iso(suggestedStart({ from: at("2026-11-30", "00:00"), to: at("2026-12-07", "00:00") }, now))).toBe(
      iso(at("2026-12-02", "11:00")),
    );
  });
});

describe("a date from the address", () => {
  it("is kept only when it names a day", () => {
    expect(validDate("2026-12-02")).toBe("2026-12-02");
    for (const bad of ["2026-02-30", "2026-13-01", "2026-1-01", "today", "", null, undefined]) expect(validDate(bad)).toBeUndefined();
  });
});
