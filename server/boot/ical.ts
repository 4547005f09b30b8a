import type { IncomingMessage, ServerResponse } from "node:http";
import { db } from "@/server/db/client";
import { renderFeed } from "@/server/scheduling/feeds";

/** GET /api/ical/<token>.ics: the secret feed, or 404 for an unknown or revoked token. */
export async function icalHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const token = /^\/api\/ical\/([^/?]+?)(?:\.ics)?(?:\?.*)?$/.exec(req.url ?? "")?.[1] ?? "";
  const body = req.method === "GET" ? await renderFeed(db(), token) : null;
  if (!body) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
    res.end("Not found");
    return;
  }
  res.writeHead(200, { "content-type": "text/calendar; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
}
