import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DbOrTx } from "@/server/db/client";
import { freePort } from "@/server/db/embedded";
import { signedInCookie } from "./sessions";

const SECRET = "app-test-secret-app-test-secret-0123456789";

export type AppProcess = {
  url: string;
  dataDir: string;
  child: ChildProcess;
  stdout: () => string[];
  stderr: () => string;
  /** The embedded PostgreSQL's URL (read from its data directory). */
  databaseUrl: () => string;
  postmasterPid: () => number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
  /** Stops it (SIGTERM to its process group) and removes its data. */
  dispose: () => Promise<void>;
};

/**
 * Starts server/testing/app-without-pages.ts (the app's boot, minus Next) as a child process
 * on a fresh embedded PostgreSQL in a temp dir, and waits until /api/health answers 200.
 */
export async function startAppProcess(env: Record<string, string> = {}): Promise<AppProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hoolekanne-app-"));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach it
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  // Through tsx's command line, as `npm start` runs server.ts: it relays signals to its child.
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "server/testing/app-without-pages.ts"], {
    env: {
      ...inherited,
      EMBEDDED_PG_DURABLE: "0",
      DEMO_SEED: "off",
      NODE_ENV: "production",
      ...env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      AUTH_SECRET: SECRET,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const started = Date.now();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal, atMs: Date.now() }));
  });
  const url = `http://127.0.0.1:${port}`;
  const pgDir = path.join(dataDir, "pg");
  const app: AppProcess = {
    url,
    dataDir,
    child,
    stdout: () => out.split("\n").filter((l) => l.trim() !== ""),
    stderr: () => err,
    databaseUrl: () => {
      const pgPort = readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n")[3]!.trim();
      const password = readFileSync(path.join(dataDir, "pg-password"), "utf8").trim();
      return `postgres://postgres:${password}@127.0.0.1:${pgPort}/hoolekanne`;
    },
    postmasterPid: () => Number(readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n")[0]),
    exited,
    dispose: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, "SIGTERM");
        } catch {
          /* already gone */
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited while starting:\n${out}\n${err}`);
    if (Date.now() - started > 90_000) {
      await app.dispose();
      throw new Error(`the app did not start:\n${out}\n${err}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return app;
}

/** A server-side session in the app's database and the encrypted cookie Auth.js sets for it. */
export async function appSessionCookie(db: DbOrTx, employeeId: string): Promise<string> {
  return (await signedInCookie(db, employeeId, { ip: "127.0.0.1", secret: SECRET })).cookie;
}
