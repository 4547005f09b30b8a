import type { IncomingMessage, ServerResponse } from "node:http";
import { rawSql } from "@/server/db/client";

/** GET /api/health: 200 with the database's state, 503 when the database does not answer. */
export async function healthHandler(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  let database: "up" | "down" = "down";
  try {
    await Promise.race([
      rawSql()`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000)),
    ]);
    database = "up";
  } catch {
    database = "down";
  }
  const ok = database === "up";
  res.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ status: ok ? "ok" : "unavailable", database, latencyMs: Date.now() - started }));
}
