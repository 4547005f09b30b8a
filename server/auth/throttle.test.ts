import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { FREE, releaseAfterSuccess, reserveAttempt, rulesFor, type ThrottleRule } from "./throttle";

const t = await useTestDatabase();

const T0 = new Date("2026-03-10T10:00:00Z");
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const one = (key: string, free = 5): ThrottleRule[] => [{ key, free }];

describe("rulesFor", () => {
  it("a known device is throttled on its own, by neither the code elsewhere nor the address", () => {
    expect(rulesFor({ code: "38001085718", ip: "203.0.113.1", knownDevice: "dev-1", knownNetwork: false })).toEqual([
      { key: "device:dev-1:38001085718", free: FREE.device },
    ]);
  });

  it("an unknown device counts the code at the address, the code anywhere and the address", () => {
    expect(rulesFor({ code: "38001085718", ip: "203.0.113.1", knownDevice: null, knownNetwork: false }).map((r) => r.key)).toEqual([
      "code-ip:38001085718@203.0.113.1",
      "code:38001085718",
      "ip:203.0.113.1",
    ]);
  });

  it("the person's usual network does not count the address across codes", () => {
    expect(rulesFor({ code: "38001085718", ip: "203.0.113.1", knownDevice: null, knownNetwork: true }).map((r) => r.key)).toEqual([
      "code-ip:38001085718@203.0.113.1",
      "code:38001085718",
    ]);
  });
});

describe("reserving an attempt", () => {
  it("lets the free attempts through, then makes each wait, doubling from 30 s", async () => {
    const rules = one("code:a");
    for (let i = 0; i < 5; i++) expect(await reserveAttempt(t.db, rules, T0)).toEqual({ ok: true });
    expect(await reserveAttempt(t.db, rules, T0)).toEqual({ ok: false, retryAfter: 30 });
    expect(await reserveAttempt(t.db, rules, later(10))).toEqual({ ok: false, retryAfter: 20 });
    expect(await reserveAttempt(t.db, rules, later(30))).toEqual({ ok: true });
    expect(await reserveAttempt(t.db, rules, later(31))).toEqual({ ok: false, retryAfter: 59 });
    expect(await reserveAttempt(t.db, rules, later(90))).toEqual({ ok: true });
    expect(await reserveAttempt(t.db, rules, later(90))).toEqual({ ok: false, retryAfter: 120 });
  });

  it("never waits more than 15 minutes", async () => {
    const rules = one("code:b");
    const waits: number[] = [];
    let at = 0;
    for (let i = 0; i < 25; i++) {
      const r = await reserveAttempt(t.db, rules, later(at));
      if (!r.ok) {
        waits.push(r.retryAfter);
        at += r.retryAfter;
      }
    }
    expect(waits.slice(0, 6)).toEqual([30, 60, 120, 240, 480, 900]);
    expect(Math.max(...waits)).toBe(900);
  });

  it("a refused attempt is not counted, so waiting is all it takes", async () => {
    const rules = one("code:c");
    for (let i = 0; i < 5; i++) await reserveAttempt(t.db, rules, T0);
    for (let i = 0; i < 20; i++) expect((await reserveAttempt(t.db, rules, later(1))).ok).toBe(false);
    expect(await reserveAttempt(t.db, rules, later(30))).toEqual({ ok: true });
  });

  it("forgets attempts older than a day", async () => {
    const rules = one("code:d");
    for (let i = 0; i < 5; i++) await reserveAttempt(t.db, rules, T0);
    const nextDay = later(25 * 3600);
    for (let i = 0; i < 4; i++) expect((await reserveAttempt(t.db, rules, nextDay)).ok).toBe(true);
  });

  it("counts nothing when one of the keys is waiting", async () => {
    const waiting = one("ip:203.0.113.7", 1);
    await reserveAttempt(t.db, waiting, T0);
    expect((await reserveAttempt(t.db, [{ key: "code:e", free: 5 }, ...waiting], T0)).ok).toBe(false);
    const rows = await t.sql`SELECT failures FROM sign_in_throttle WHERE key = 'code:e'`;
    expect(rows).toEqual([]);
  });

  it("30 concurrent attempts for one key: exactly the free ones get through", async () => {
    const rules = rulesFor({ code: "60001019906", ip: "198.51.100.30", knownDevice: null, knownNetwork: false });
    const results = await Promise.all(Array.from({ length: 30 }, () => reserveAttempt(t.db, rules, T0)));
    expect(results.filter((r) => r.ok)).toHaveLength(FREE.codeAtAddress);
  });

  it("a success clears the person's keys and gives the address its attempt back", async () => {
    const rules = rulesFor({ code: "37605030299", ip: "198.51.100.40", knownDevice: null, knownNetwork: false });
    for (let i = 0; i < 3; i++) await reserveAttempt(t.db, rules, T0);
    await releaseAfterSuccess(t.db, rules);
    const rows = await t.sql<
      { key: string; failures: number }[]
    >`SELECT key, failures FROM sign_in_throttle WHERE key LIKE '%37605030299%' OR key = 'ip:198.51.100.40'`;
    expect(rows).toEqual([{ key: "ip:198.51.100.40", failures: 2 }]);
  });
});
