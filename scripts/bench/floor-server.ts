/**
 * The least a Node request path can do for a booking, for bench:booking's floor run: node:http
 * with kept-alive connections, the body read and parsed, one prepared `book_session` call through
 * postgres.js (the app's driver, a pool of the app's size) with the arguments the app passes for
 * the bench's specialists, and the answer as JSON: 200 when booked, 409 when refused. Nothing
 * else: no sign-in, no tRPC, no input validation, no security headers, no live events. Not a
 * request path anyone should run; what it keeps of pgbench's rate is the most any Node server on
 * these cores could keep, so it tells whether a requestPathRatio target is within reach at all.
 *
 *   DATABASE_URL=… PORT=… BENCH_UNIT=<unit id> node --import tsx scripts/bench/floor-server.ts
 */
import http from "node:http";
import postgres from "postgres";
import { defaultPoolSize } from "@/server/env";

const sql = postgres(process.env.DATABASE_URL!, { max: Number(process.env.DATABASE_POOL_SIZE ?? defaultPoolSize()), onnotice: () => {} });
const unit = process.env.BENCH_UNIT!;

type Input = {
  json: {
    serviceId: string;
    roomId: string;
    startsAt: string;
    endsAt: string;
    specialistIds: string[];
    participants: { clientId: string; decisionId: string | null }[];
    notes: string;
  };
};

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const { json: b } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Input;
    const actor = b.specialistIds[0]!;
    sql<{ result: Record<string, unknown> }[]>`
      SELECT book_session('own', ${[unit]}::uuid[], ${actor}::uuid, 'own', '{}'::uuid[], gen_random_uuid(), NULL, ${b.serviceId}::uuid,
        ${b.roomId}::uuid, ${b.startsAt}::timestamptz, ${b.endsAt}::timestamptz, ${b.specialistIds}::uuid[],
        ${b.participants.map((p) => p.clientId)}::uuid[], ${b.participants.map((p) => p.decisionId)}::uuid[], ${b.notes}, ${req.socket.remoteAddress ?? null},
        '{}'::jsonb) AS result`.then(
      ([row]) => {
        const refused = "refusal" in row!.result || "clash" in row!.result;
        const text = JSON.stringify({ result: { data: refused ? null : row!.result } });
        res.writeHead(refused ? 409 : 200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        res.end(text);
      },
      () => {
        res.writeHead(500).end();
      },
    );
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => {
  server.close();
  void sql.end().then(() => process.exit(0));
});
