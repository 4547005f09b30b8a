import http from "node:http";
import type { AddressInfo } from "node:net";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BATCH_SIZE } from "@/lib/batch-limit";
import { createContext } from "@/server/api/context";
import { createApiHandler } from "@/server/api/http";
import { appRouter } from "@/server/api/root";
import { healthHandler } from "@/server/boot/health";
import { icalHandler } from "@/server/boot/ical";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { createRequestListener, type ListenerOptions } from "./listener";
import { signedInCookie } from "@/server/testing/sessions";

/**
 * server.ts's request listener with the real tRPC, health and iCal handlers (Next stands in as a
 * handler that records what it was given): the headers every response carries, writes refused
 * from other sites, and the batch limit. Requests name the host the way a person's browser
 * would: by IP address and by a domain, never only localhost.
 */

const t = await useTestDatabase();

const servers: http.Server[] = [];
/** What the stand-in for Next saw of the last request. */
let seenByNext: http.IncomingHttpHeaders = {};

async function serve(opts: ListenerOptions): Promise<number> {
  const trpc = createApiHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: (req) => createContext({ cookie: req.headers.cookie, ip: "127.0.0.1" }),
    onError: () => {},
  });
  const next = (req: http.IncomingMessage, res: http.ServerResponse) => {
    seenByNext = { ...req.headers };
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end("<!doctype html><title>page</title>");
  };
  const server = http.createServer(createRequestListener({ trpc, health: healthHandler(() => t.sql), ical: icalHandler, next }, opts));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A request with exactly these headers (fetch would not let a test set Host or Origin). */
function request(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, method: opts.method ?? "GET", headers: { host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

let port: number;
let securePort: number;
let cookie: string;
let actorId: string;
let clientId: string;

beforeAll(async () => {
  port = await serve({ dev: false, trustProxy: false, authUrl: "http://localhost:3000", oidcIssuer: "http://tara.example:3199/oidc" });
  securePort = await serve({ dev: false, trustProxy: false, authUrl: "https://hoolekanne.example.ee" });
  const unit = await makeUnit(t.db);
  const actor = await makeActor(t.db, { permissions: { "sessions:read": "all", "clients:read": "all" }, unitIds: [unit] });
  actorId = actor.employeeId;
  clientId = await makeClient(t.db, { unitIds: [unit] });
  cookie = (await signedInCookie(t.db, actorId)).cookie;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const clientsGet = () => `/api/trpc/clients.get?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ clientId })))}`;
const feedInput = () => JSON.stringify(superjson.serialize({ kind: "specialist", targetId: actorId }));
const feedCount = async () => Number((await t.sql`SELECT count(*) AS n FROM calendar_feeds WHERE created_by = ${actorId}`)[0]!.n);
const createFeed = (headers: Record<string, string>) =>
  request(port, "/api/trpc/scheduling.feeds.create", {
    method: "POST",
    headers: { "content-type": "application/json", cookie, ...headers },
    body: feedInput(),
  });

describe("security headers on every response", () => {
  const paths = () => ["/api/health", "/api/ical/unknown.ics", clientsGet(), "/clients", "/_next/static/chunk.js"];

  it("tRPC, health, iCal and Next's pages and files all carry the policy and the headers beside it", async () => {
    for (const path of paths()) {
      const res = await request(port, path, { headers: { cookie } });
      const csp = String(res.headers["content-security-policy"]);
      expect([path, csp]).toEqual([path, expect.stringMatching(/script-src 'self' 'nonce-[A-Za-z0-9+/]+=*'(;|$)/)]);
      expect(csp.split("; ").find((d) => d.startsWith("script-src"))).not.toContain("unsafe");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("connect-src 'self'");
      // The eID provider's sign-in form is the one place a form may post to.
      expect(csp).toContain("form-action 'self' http://tara.example:3199");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["referrer-policy"]).toBe("same-origin");
      expect(res.headers["permissions-policy"]).toContain("camera=()");
      expect(res.headers["strict-transport-security"]).toBeUndefined();
    }
  });

  it("a fresh nonce per response, the same one Next is handed to put on its scripts", async () => {
    const first = await request(port, "/clients", { headers: { cookie } });
    const nonceOf = (csp: unknown) => /'nonce-([^']+)'/.exec(String(csp))?.[1];
    expect(nonceOf(seenByNext["content-security-policy"])).toBe(nonceOf(first.headers["content-security-policy"]));
    const second = await request(port, "/clients", {
      headers: { cookie, "content-security-policy": "script-src 'nonce-chosen-by-attacker'" },
    });
    expect(nonceOf(second.headers["content-security-policy"])).not.toBe(nonceOf(first.headers["content-security-policy"]));
    expect(nonceOf(seenByNext["content-security-policy"])).toBe(nonceOf(second.headers["content-security-policy"]));
  });

  it("HSTS when the public URL is https, not over plain http", async () => {
    const res = await request(securePort, "/api/health");
    expect(res.headers["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
  });

  it("a client's record from tRPC, pages and the rest are never stored; Next's hashed files may be", async () => {
    const record = await request(port, clientsGet(), { headers: { cookie } });
    expect(record.status).toBe(200);
    expect(record.body).toContain(clientId);
    expect(record.headers["cache-control"]).toBe("no-store");
    for (const path of ["/clients", "/api/health", "/api/ical/unknown.ics"]) {
      expect([path, (await request(port, path, { headers: { cookie } })).headers["cache-control"]]).toEqual([path, "no-store"]);
    }
    expect((await request(port, "/_next/static/chunk.js")).headers["cache-control"]).toBeUndefined();
  });
});

describe("writes from another site", () => {
  it("refuses a mutation with a foreign Origin, and nothing is created", async () => {
    const before = await feedCount();
    for (const origin of ["http://evil.example", "null", `http://127.0.0.1:${port}.evil.example`, `https://127.0.0.1:${port}`]) {
      const res = await createFeed({ origin });
      expect([origin, res.status]).toEqual([origin, 403]);
      expect(res.body).toMatch(/another site/);
    }
    const crossSite = await createFeed({ "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(await feedCount()).toBe(before);
  });

  it("accepts the app's own origin: the host the request came to (IP or domain), or AUTH_URL's", async () => {
    const before = await feedCount();
    expect((await createFeed({ origin: `http://127.0.0.1:${port}`, "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await createFeed({ host: "hoolekanne.example.ee", origin: "http://hoolekanne.example.ee" })).status).toBe(200);
    expect((await createFeed({ origin: "http://localhost:3000" })).status).toBe(200);
    // No Origin and no Sec-Fetch-Site: not a browser, so no one else's cookies; the session decides.
    expect((await createFeed({})).status).toBe(200);
    expect(await feedCount()).toBe(before + 4);
  });

  it("behind a trusted proxy the forwarded host and scheme are the request's own, and only then", async () => {
    const proxied = await serve({ dev: false, trustProxy: true });
    const forwarded = {
      "x-forwarded-host": "hoolekanne.example.ee",
      "x-forwarded-proto": "https",
      origin: "https://hoolekanne.example.ee",
    };
    const send = (p: number) =>
      request(p, "/api/trpc/scheduling.feeds.create", {
        method: "POST",
        headers: { "content-type": "application/json", cookie, ...forwarded },
        body: feedInput(),
      });
    expect((await send(proxied)).status).toBe(200);
    expect((await send(port)).status).toBe(403);
  });
});

describe("batch size", () => {
  const batch = (n: number) => {
    const paths = Array.from({ length: n }, () => "scheduling.feeds.create").join(",");
    const input = Object.fromEntries(
      Array.from({ length: n }, (_, i) => [i, superjson.serialize({ kind: "specialist", targetId: actorId })]),
    );
    return request(port, `/api/trpc/${paths}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify(input),
    });
  };

  it(`refuses a batch of ${MAX_BATCH_SIZE + 1} with 400 and creates nothing; ${MAX_BATCH_SIZE} go through`, async () => {
    const before = await feedCount();
    const refused = await batch(MAX_BATCH_SIZE + 1);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(/Batch call exceeds maximum size/);
    expect(await feedCount()).toBe(before);
    expect((await batch(MAX_BATCH_SIZE)).status).toBe(200);
    expect(await feedCount()).toBe(before + MAX_BATCH_SIZE);
  });

  it(`refuses a GET batch reading ${MAX_BATCH_SIZE + 1} client records`, async () => {
    const n = MAX_BATCH_SIZE + 1;
    const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, superjson.serialize({ clientId })]));
    const path = `/api/trpc/${Array.from({ length: n }, () => "clients.get").join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
    const res = await request(port, path, { headers: { cookie } });
    expect(res.status).toBe(400);
    expect(res.body).not.toContain(clientId);
  });
});
