/** Shared by the benchmarks: a throw-away database, server.ts instances on it, signed-in cookies. */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { signedInCookie } from "@/server/testing/sessions";
import type { DbOrTx } from "@/server/db/client";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "@/server/db/embedded";
import { runMigrations } from "@/server/db/migrate";
import { SERVER_NODE_FLAGS } from "@/server/boot/node-flags";

export const BENCH_SECRET = "bench-secret-bench-secret-bench-secret-0123456789";

/**
 * fsync and synchronous_commit on, as `npm start` runs an institution's database; BENCH_DURABLE=0
 * turns them off as the tests do (faster, and what the benchmarks measured before 0016).
 */
export const DURABLE = process.env.BENCH_DURABLE !== "0";

export async function startBenchDatabase(name: string): Promise<EmbeddedDatabase & { dataDir: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach it
  const db = await startEmbeddedPostgres({ dataDir, database: "bench", durable: DURABLE });
  await runMigrations(db.url);
  return {
    ...db,
    dataDir,
    stop: async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type BenchServer = { url: string; stop: () => Promise<void>; cpuMs: () => number; pid: number };

/** CPU time (user + system) a process has used so far, from /proc (Linux; 0 elsewhere). */
function cpuMsOf(pid: number): number {
  try {
    // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th, in ticks of 10 ms.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Starts server.ts on the database (building first if the build is stale) and waits for health. */
export async function startServer(databaseUrl: string): Promise<BenchServer> {
  const port = await freePort();
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of the server there when it stops.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_PERF: V8 writes /tmp/perf-<pid>.map, so that Linux perf can name the JavaScript it samples.
  if (process.env.BENCH_PERF) profile.push("--perf-basic-prof-only-functions");
  // With the flags npm start gives it.
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, "--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: BENCH_SECRET,
      PORT: String(port),
      AUTH_URL: `http://localhost:${port}`,
      NODE_ENV: "production",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Waits for the server to drain and exit: the benchmark's database must outlive it, and
  // nothing it logs may land after the benchmark's last (JSON) line.
  const stop = async () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return; /* already gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  };
  for (let i = 0; ; i++) {
    if (i > 600) {
      await stop();
      throw new Error("server.ts did not start");
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { url, stop, cpuMs: () => cpuMsOf(child.pid!), pid: child.pid! };
}

/** A server-side session, as a sign-in makes it, and the encrypted cookie Auth.js sets for it. */
export async function sessionCookie(db: DbOrTx, employeeId: string): Promise<string> {
  return (await signedInCookie(db, employeeId, { ip: "127.0.0.1", userAgent: "bench", secret: BENCH_SECRET })).cookie;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
export const round1 = (x: number) => Math.round(x * 10) / 10;
