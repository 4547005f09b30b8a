import { afterEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { databaseDown, markDatabaseUp, watchLiveness } from "./availability";
import { freePort } from "./embedded";

const t = await useTestDatabase();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => markDatabaseUp());

describe("the liveness probe (what watches an external database)", () => {
  it("marks a database that does not answer down after two failed probes, and logs it once", async () => {
    const lines: string[] = [];
    const probe = watchLiveness(`postgres://nobody:x@127.0.0.1:${await freePort()}/none`, (m) => lines.push(m), 100);
    try {
      await sleep(150);
      expect(databaseDown()).toBeNull(); // one failure is not enough: a blip must not turn requests away
      for (let i = 0; i < 50 && !databaseDown(); i++) await sleep(100);
      expect(databaseDown()).toMatchObject({ reason: "probe" });
      expect(lines).toEqual(["database does not answer; requests get 503 until it does"]);
    } finally {
      await probe.stop();
    }
  });

  it("leaves a database that answers up", async () => {
    const probe = watchLiveness(t.url, () => {}, 100);
    try {
      await sleep(500);
      expect(databaseDown()).toBeNull();
    } finally {
      await probe.stop();
    }
  });
});
