import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { delayAfter, recordFailure, recordSuccess, secondsBlocked } from "./throttle";

const t = await useTestDatabase();

const T0 = new Date("2026-03-10T10:00:00Z");
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("delayAfter", () => {
  it("lets the free attempts through, then doubles from 30 seconds up to 15 minutes", () => {
    expect(delayAfter(0, 5)).toBe(0);
    expect(delayAfter(4, 5)).toBe(0);
    expect(delayAfter(5, 5)).toBe(30_000);
    expect(delayAfter(6, 5)).toBe(60_000);
    expect(delayAfter(9, 5)).toBe(480_000);
    expect(delayAfter(10, 5)).toBe(900_000);
    expect(delayAfter(50, 5)).toBe(900_000);
    expect(delayAfter(19, 20)).toBe(0);
    expect(delayAfter(20, 20)).toBe(30_000);
  });
});

describe("the throttle in the database", () => {
  it("blocks a code after its 5th failure, for 30 s, then 60 s after the next", async () => {
    const keys = { code: "38001085718", ip: null };
    for (let i = 0; i < 4; i++) await recordFailure(t.db, keys, T0);
    expect(await secondsBlocked(t.db, keys, T0)).toBe(0);
    await recordFailure(t.db, keys, T0);
    expect(await secondsBlocked(t.db, keys, T0)).toBe(30);
    expect(await secondsBlocked(t.db, keys, later(10))).toBe(20);
    expect(await secondsBlocked(t.db, keys, later(30))).toBe(0);
    await recordFailure(t.db, keys, later(30));
    expect(await secondsBlocked(t.db, keys, later(30))).toBe(60);
  });

  it("forgets failures older than a day", async () => {
    const keys = { code: "49003050224", ip: null };
    for (let i = 0; i < 5; i++) await recordFailure(t.db, keys, T0);
    const nextDay = later(25 * 3600);
    await recordFailure(t.db, keys, nextDay);
    expect(await secondsBlocked(t.db, keys, nextDay)).toBe(0);
  });

  it("counts an IP address across codes, 20 free, and does not block other addresses", async () => {
    const ip = "203.0.113.7";
    for (let i = 0; i < 19; i++) await recordFailure(t.db, { code: `code-${i}`, ip }, T0);
    expect(await secondsBlocked(t.db, { code: "fresh", ip }, T0)).toBe(0);
    await recordFailure(t.db, { code: "code-19", ip }, T0);
    expect(await secondsBlocked(t.db, { code: "fresh", ip }, T0)).toBe(30);
    expect(await secondsBlocked(t.db, { code: "fresh", ip: "203.0.113.8" }, T0)).toBe(0);
    expect(await secondsBlocked(t.db, { code: "fresh", ip: null }, T0)).toBe(0);
  });

  it("a success clears the code's count but not the address's", async () => {
    const ip = "203.0.113.50";
    const keys = { code: "60001019906", ip };
    for (let i = 0; i < 5; i++) await recordFailure(t.db, keys, T0);
    for (let i = 0; i < 15; i++) await recordFailure(t.db, { code: `other-${i}`, ip }, T0);
    await recordSuccess(t.db, keys);
    // The code is free again, but the address has now failed 20 times.
    expect(await secondsBlocked(t.db, { code: "60001019906", ip: null }, T0)).toBe(0);
    expect(await secondsBlocked(t.db, keys, T0)).toBe(30);
  });
});
