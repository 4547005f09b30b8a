/**
 * The app as server.ts runs it (supervised database, tRPC, health, Socket.io, drain on stop),
 * with a 404 where Next.js would serve pages: integration tests start it as a child process
 * without first building Next.
 */
import { runApp } from "@/server/boot/run";

void runApp(async () => ({
  handle: async (_req, res) => {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("No pages in this test server");
  },
  upgrade: async (_req, socket) => void socket.destroy(),
}));
