import { describe, expect, it } from "vitest";
import { workingDaysAround } from "./demo";
import { workedDaysOfMonth } from "./demo-workload";
import { tallinnTime } from "@/lib/tallinn-time";

describe("demo session times", () => {
  it("turns Tallinn wall-clock times into instants on both sides of the DST switches", () => {
    expect(tallinnTime("2026-03-28", "10:00").toISOString()).toBe("2026-03-28T08:00:00.000Z"); // EET, UTC+2
    expect(tallinnTime("2026-03-29", "10:00").toISOString()).toBe("2026-03-29T07:00:00.000Z"); // EEST from 04:00
    expect(tallinnTime("2026-10-24", "10:00").toISOString()).toBe("2026-10-24T07:00:00.000Z");
    expect(tallinnTime("2026-10-25", "10:00").toISOString()).toBe("2026-10-25T08:00:00.000Z"); // back to EET
  });
  it("lists the working days of this week and the next, Monday first", () => {
    expect(workingDaysAround(new Date("2026-11-25T10:00:00Z"))).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
    ]);
  });
});

describe("demo general work days", () => {
  it("are the working days of the month so far, without weekends and public holidays", () => {
    expect(workedDaysOfMonth("2026-12-28")).toEqual([
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-07",
      "2026-12-08",
      "2026-12-09",
      "2026-12-10",
      "2026-12-11",
      "2026-12-14",
      "2026-12-15",
      "2026-12-16",
      "2026-12-17",
      "2026-12-18",
      "2026-12-21",
      "2026-12-22",
      "2026-12-23",
      "2026-12-28",
    ]);
    expect(workedDaysOfMonth("2026-11-01")).toEqual([]);
  });
});
