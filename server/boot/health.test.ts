import http from "node:http";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { markDatabaseDown, markDatabaseUp } from "@/server/db/availability";
import { freePort } from "@/server/db/embedded";
import { useTestDatabase } from "@/server/testing/database";
import { healthHandler } from "./health";

const t = await useTestDatabase();

async function get(handler: ReturnType<typeof healthHandler>) {
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`);
    return { status: response.status, body: await response.json() };
  } finally {
    server.close();
  }
}

describe("GET /api/health", () => {
  it("answers 200 with the database up", async () => {
    const { status, body } = await get(healthHandler(() => t.sql));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ok", database: "up" });
  });

  it("answers 503 when the database does not answer", async () => {
    const port = await freePort(); // nothing listens there
    const unreachable = postgres(`postgres://nobody:x@127.0.0.1:${port}/none`, { max: 1, connect_timeout: 1, onnotice: () => {} });
    const { status, body } = await get(healthHandler(() => unreachable));
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: "unavailable", database: "down" });
    await unreachable.end({ timeout: 1 });
  });

  it("answers 503 at once while the database is known to be restarting, without asking it", async () => {
    markDatabaseDown("postgres exited");
    try {
      const never = (() => {
        throw new Error("the database must not be asked");
      }) as unknown as () => postgres.Sql;
      const started = Date.now();
      const { status, body } = await get(healthHandler(never));
      expect(Date.now() - started).toBeLessThan(500);
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: "unavailable", database: "restarting" });
    } finally {
      markDatabaseUp();
    }
    expect((await get(healthHandler(() => t.sql))).status).toBe(200);
  });
});
