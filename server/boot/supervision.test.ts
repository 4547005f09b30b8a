import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/server/db/client";
import { appSessionCookie, startAppProcess, type AppProcess } from "@/server/testing/app-process";
import { makeActor } from "@/server/testing/factories";
import { makeWorkType, SPECIALIST } from "@/server/testing/workload-factories";

let app: AppProcess;

beforeAll(async () => {
  // Durable as `npm start` runs it: without synchronous_commit the last commits die with the
  // postmaster, with it crash recovery must bring back every commit that was answered.
  app = await startAppProcess({ EMBEDDED_PG_DURABLE: "1" });
}, 120_000);

afterAll(async () => {
  await app?.dispose();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await sleep(100);
  }
}

/** The app's last log lines, for a status that was not the expected one. */
const lastLog = () => `the app's last lines:\n${app.stdout().slice(-12).join("\n")}\n${app.stderr().slice(-2000)}`;

const health = async () => (await fetch(`${app.url}/api/health`)).status;

function mutate(path: string, input: unknown, cookie: string) {
  return fetch(`${app.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify(superjson.serialize(input)),
  });
}

describe("the embedded PostgreSQL under supervision", () => {
  it("is restarted after kill -9; meanwhile requests fail fast with 503, after it writes work again", async () => {
    const { db, sql } = createPool(app.databaseUrl(), 2);
    const actor = await makeActor(db, { permissions: SPECIALIST });
    const workTypeId = await makeWorkType(db);
    const cookie = await appSessionCookie(db, actor.employeeId);
    await sql.end();
    const entry = (workDate: string) => ({ id: null, employeeId: actor.employeeId, workTypeId, workDate, hours: 1, note: "" });
    const before = await mutate("workload.timeEntries.save", entry("2026-11-02"), cookie);
    expect(before.status, `${await before.text()}\n${lastLog()}`).toBe(200);

    process.kill(app.postmasterPid(), "SIGKILL");
    await sleep(200);

    let started = Date.now();
    const refused = await mutate("workload.timeEntries.save", entry("2026-11-03"), cookie);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(refused.status).toBe(503);
    const body = (await refused.json()) as { error: { json: { data: { app: unknown } } } };
    expect(body.error.json.data.app).toMatchObject({ code: "UNAVAILABLE", messageKey: "errors.databaseUnavailable" });

    started = Date.now();
    const page = await fetch(`${app.url}/clients`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("5");
    const html = await page.text();
    expect(html).toContain("Andmebaas taaskäivitub");
    expect(html).toContain("The database is restarting");

    expect(await health()).toBe(503);

    await until(async () => (await health()) === 200, 30_000);
    const after = await mutate("workload.timeEntries.save", entry("2026-11-04"), cookie);
    expect(after.status, `${await after.text()}\n${lastLog()}`).toBe(200);

    const { sql: sql2 } = createPool(app.databaseUrl(), 1);
    const rows = await sql2`SELECT work_date::text FROM time_entries WHERE employee_id = ${actor.employeeId} ORDER BY work_date`;
    await sql2.end();
    expect(rows.map((r) => r.work_date)).toEqual(["2026-11-02", "2026-11-04"]);

    const log = app.stdout().join("\n");
    expect(log).toMatch(/PostgreSQL stopped unexpectedly \(SIGKILL\)/);
    expect(log).toMatch(/PostgreSQL restarted \(attempt \d+\)/);
    expect(app.stderr()).not.toContain("uncaughtException");

    // And it still stops cleanly, restarted PostgreSQL included.
    process.kill(-app.child.pid!, "SIGTERM");
    const exit = await Promise.race([app.exited, sleep(20_000).then(() => null)]);
    expect(exit, `not stopped in 20 s; ${lastLog()}`).toMatchObject({
      code: 0,
    });
    expect((JSON.parse(app.stdout().at(-1)!) as { msg: string }).msg).toMatch(
      /SIGTERM: stopped cleanly .*PostgreSQL checkpointed and stopped$/,
    );
  }, 90_000);
});
