import type { IncomingMessage, ServerResponse } from "node:http";
import type postgres from "postgres";
import { databaseDown } from "@/server/db/availability";

/** GET /api/health: 200 with the database's state, 503 when it is down or does not answer. */
export function healthHandler(sql: () => postgres.Sql) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    // Known down (restarting): say so at once rather than wait for a connection to fail.
    const down = databaseDown();
    if (down) {
      res.writeHead(503, { "content-type": "application/json", "cache-control": "no-store", "retry-after": "5" });
      res.end(
        JSON.stringify({
          status: "unavailable",
          database: down.reason === "probe" ? "down" : "restarting",
          downForMs: Date.now() - down.since,
        }),
      );
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    let database: "up" | "down" = "down";
    try {
      await Promise.race([
        sql()`SELECT 1`,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error("timeout")), 2000);
        }),
      ]);
      database = "up";
    } catch {
      database = "down";
    } finally {
      clearTimeout(timer);
    }
    const ok = database === "up";
    res.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify({ status: ok ? "ok" : "unavailable", database, latencyMs: Date.now() - started }));
  };
}
