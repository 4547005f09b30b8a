/**
 * The one Node entry: starts (or connects to) PostgreSQL, migrates, seeds the demo on first
 * start, builds when needed, then serves Next.js, tRPC and Socket.io on one port
 * (server/boot/run.ts, which also supervises the database and drains on stop).
 */
import next from "next";
import { buildIfStale } from "@/server/boot/build";
import { runApp } from "@/server/boot/run";

process.env.NEXT_TELEMETRY_DISABLED = "1";

void runApp(async ({ dev, port, log }) => {
  if (!dev) await buildIfStale(log);
  const app = next({ dev, hostname: "localhost", port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return { handle: (req, res) => handle(req, res), upgrade: (req, socket, head) => upgrade(req, socket, head) };
});
