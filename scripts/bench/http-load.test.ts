import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HttpLoad } from "./http-load";

let server: http.Server | undefined;
let load: HttpLoad | undefined;
afterEach(async () => {
  load?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = load = undefined;
});

/** A node:http server on a free port; answers with `handler`. Counts the connections it accepted. */
async function serve(handler: http.RequestListener) {
  server = http.createServer(handler);
  const seen = { connections: 0 };
  server.on("connection", () => seen.connections++);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Reads a request's body, then calls `then` with it. */
const body = (req: http.IncomingMessage, then: (text: string) => void) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => then(Buffer.concat(chunks).toString("utf8")));
};

describe("the benchmarks' HTTP load (http-load.ts)", () => {
  it("posts the body and cookie, and reads the status and a Content-Length answer", async () => {
    const { origin } = await serve((req, res) =>
      body(req, (text) => {
        const answer = JSON.stringify({
          path: req.url,
          cookie: req.headers.cookie,
          type: req.headers["content-type"],
          got: JSON.parse(text),
        });
        res.writeHead(409, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) }).end(answer);
      }),
    );
    load = new HttpLoad(origin);
    const answer = await load.post("/api/trpc/x.book", "sid=abc", JSON.stringify({ json: { name: "Õie Ülle" } }));
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body)).toEqual({
      path: "/api/trpc/x.book",
      cookie: "sid=abc",
      type: "application/json",
      got: { json: { name: "Õie Ülle" } },
    });
  });

  it("reads a chunked answer whole, however its bytes arrive", async () => {
    const { origin } = await serve((req, res) =>
      body(req, () => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("first ");
        setTimeout(() => res.end("and last"), 20);
      }),
    );
    load = new HttpLoad(origin);
    expect(await load.post("/", "", "{}")).toEqual({ status: 200, body: "first and last" });
    // The same connection is good for the next answer.
    expect(await load.post("/", "", "{}")).toEqual({ status: 200, body: "first and last" });
  });

  it("keeps connections alive: as many as requests in flight, reused after", async () => {
    const { origin, seen } = await serve((req, res) =>
      body(req, () => setTimeout(() => res.writeHead(200, { "content-length": 2 }).end("ok"), 10)),
    );
    load = new HttpLoad(origin);
    const first = await Promise.all(Array.from({ length: 8 }, () => load!.post("/", "", "{}")));
    const again = await Promise.all(Array.from({ length: 8 }, () => load!.post("/", "", "{}")));
    expect([...first, ...again].every((a) => a.status === 200 && a.body === "ok")).toBe(true);
    expect(seen.connections).toBe(8);
  });

  it("sends again, once, on a fresh connection when the server closed an idle one", async () => {
    const { origin, seen } = await serve((req, res) => body(req, () => res.writeHead(200, { "content-length": 2 }).end("ok")));
    load = new HttpLoad(origin);
    expect((await load.post("/", "", "{}")).status).toBe(200);
    // The server's keep-alive timeout, as it might run out just as the connection is taken again.
    server!.closeIdleConnections();
    expect((await load.post("/", "", "{}")).status).toBe(200);
    expect(seen.connections).toBe(2);
  });

  it("closes the connection after an answer that says Connection: close", async () => {
    const { origin, seen } = await serve((req, res) =>
      body(req, () => res.writeHead(503, { "content-length": 4, connection: "close" }).end("down")),
    );
    load = new HttpLoad(origin);
    expect(await load.post("/", "", "{}")).toEqual({ status: 503, body: "down" });
    expect(await load.post("/", "", "{}")).toEqual({ status: 503, body: "down" });
    expect(seen.connections).toBe(2);
  });

  it("fails a request whose connection was refused, rather than waiting for ever", async () => {
    const { origin } = await serve(() => {});
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    load = new HttpLoad(origin);
    await expect(load.post("/", "", "{}")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("ignores what a server sends while no request is in flight, and takes a fresh connection after it closed", async () => {
    // A bare server: answers each request, and after the first one sends a 408 of its own and closes.
    const raw = net.createServer((socket) => {
      socket.once("data", () => {
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        setTimeout(() => socket.end("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), 10);
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    try {
      load = new HttpLoad(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`);
      expect(await load.post("/", "", "{}")).toEqual({ status: 200, body: "ok" });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await load.post("/", "", "{}")).toEqual({ status: 200, body: "ok" });
    } finally {
      load?.close();
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it("reads an answer without a length up to the close, and fails one the close cuts short", async () => {
    const answers = ["HTTP/1.1 200 OK\r\n\r\nall of it", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf"];
    const raw = net.createServer((socket) => socket.once("data", () => socket.end(answers.shift()!)));
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    try {
      load = new HttpLoad(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`);
      expect(await load.post("/", "", "{}")).toEqual({ status: 200, body: "all of it" });
      await expect(load.post("/", "", "{}")).rejects.toMatchObject({ code: "ECONNRESET" });
    } finally {
      load?.close();
      await new Promise((resolve) => raw.close(resolve));
    }
  });
});
