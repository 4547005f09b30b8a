import postgres from "postgres";

type Down = { since: number; reason: string };

// server.ts and Next's bundled route handlers load this module separately; they share the state.
const holder = globalThis as unknown as { __databaseDown?: Down | null };

/**
 * Whether the database is known to be down (its process died and is being restarted, or the
 * liveness probe fails). While it is, requests are answered 503 at once instead of waiting for a
 * connection timeout.
 */
export const databaseDown = (): Down | null => holder.__databaseDown ?? null;

export function markDatabaseDown(reason: string): void {
  holder.__databaseDown ??= { since: Date.now(), reason };
}

export function markDatabaseUp(): void {
  holder.__databaseDown = null;
}

/**
 * Probes the database every `intervalMs` on a connection of its own (a busy pool cannot make it
 * look dead): two failures in a row mark it down, one success up again. For an external server
 * this is the only watch; for the embedded one it also catches a postmaster that hangs.
 */
export function watchLiveness(url: string, log: (m: string) => void, intervalMs = 2000): { stop: () => Promise<void> } {
  const sql = postgres(url, {
    max: 1,
    connect_timeout: 2,
    idle_timeout: 0,
    onnotice: () => {},
    connection: { application_name: "hoolekanne-probe" },
  });
  let failures = 0;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  const probe = async () => {
    let ok = false;
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`SELECT 1`,
        new Promise((_, reject) => {
          // A probe gets at least 2 s, however often it runs: a slow answer on a busy machine is
          // not a database that does not answer.
          timeout = setTimeout(() => reject(new Error("timeout")), Math.max(intervalMs, 2000));
        }),
      ]);
      ok = true;
    } catch {
      ok = false;
    } finally {
      clearTimeout(timeout);
    }
    if (!running) return;
    failures = ok ? 0 : failures + 1;
    if (ok && databaseDown()?.reason === "probe") {
      markDatabaseUp();
      log("database answers again");
    } else if (failures === 2 && !databaseDown()) {
      markDatabaseDown("probe");
      log("database does not answer; requests get 503 until it does");
    }
    timer = setTimeout(() => void probe(), intervalMs);
  };
  timer = setTimeout(() => void probe(), intervalMs);
  return {
    stop: async () => {
      running = false;
      clearTimeout(timer);
      await sql.end({ timeout: 1 });
    },
  };
}
