import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/server/db/client";
import { appSessionCookie, startAppProcess, type AppProcess } from "@/server/testing/app-process";
import { makeActor } from "@/server/testing/factories";
import { makeWorkType, SPECIALIST } from "@/server/testing/workload-factories";

let app: AppProcess;

beforeAll(async () => {
  app = await startAppProcess();
}, 120_000);

afterAll(async () => {
  await app?.dispose();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("stopping the app", () => {
  it("drains on SIGTERM to its process group: the request in flight is answered, then one clean line and exit 0", async () => {
    const { db, sql } = createPool(app.databaseUrl(), 2);
    const actor = await makeActor(db, { permissions: SPECIALIST });
    const workTypeId = await makeWorkType(db);
    const cookie = await appSessionCookie(db, actor.employeeId);
    await sql.end();
    const postmaster = app.postmasterPid();
    const body = JSON.stringify(
      superjson.serialize({ id: null, employeeId: actor.employeeId, workTypeId, workDate: "2026-11-02", hours: 2, note: "" }),
    );

    // A slow client: the request is in flight (its headers are in) while its body still comes.
    const { port } = new URL(app.url);
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/api/trpc/workload.timeEntries.save",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), cookie },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => {
            text += chunk.toString("utf8");
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 20));
      void sleep(300)
        .then(() => {
          // As Ctrl+C or a service manager does: the signal reaches the whole process group.
          process.kill(-app.child.pid!, "SIGTERM");
          return sleep(700);
        })
        .then(() => req.end(body.slice(20)));
    });
    await sleep(310);
    const signalledAt = Date.now();

    const response = await answer;
    expect(response.status).toBe(200);
    expect(superjson.deserialize((JSON.parse(response.text) as { result: { data: never } }).result.data)).toMatchObject({
      id: expect.any(String),
    });

    const exit = await app.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.atMs - signalledAt).toBeLessThan(10_000);
    expect(app.stderr()).not.toMatch(/uncaughtException|terminating connection/);
    // The log is JSON lines (server/log.ts); the last one is the clean stop.
    const last = JSON.parse(app.stdout().at(-1)!) as { level: string; msg: string };
    expect(last.level).toBe("info");
    expect(last.msg).toMatch(
      /^SIGTERM: stopped cleanly in \d+ ms; 1 request\(s\) in flight finished; PostgreSQL checkpointed and stopped$/,
    );
    expect(isAlive(postmaster)).toBe(false);
    const pgLog = readFileSync(path.join(app.dataDir, "postgres.log"), "utf8");
    expect(pgLog).toMatch(/received fast shutdown request[\s\S]*checkpoint complete[\s\S]*database system is shut down/);
  }, 60_000);
});
