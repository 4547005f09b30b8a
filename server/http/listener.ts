import type { IncomingMessage, ServerResponse } from "node:http";
import { fromForeignSite, nodeHeaders, type OriginOptions } from "./origin";
import { newNonce, securityHeaders } from "./security-headers";

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export type Routes = { trpc: Handler; health: Handler; ical: Handler; next: Handler };
export type ListenerOptions = OriginOptions & { dev: boolean; oidcIssuer?: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one request listener of server.ts. Before any handler runs it sets the client address,
 * the security headers (with a fresh script nonce, handed to Next through the request's own
 * policy header, which is where Next looks for it), `Cache-Control: no-store` on everything but
 * Next's content-hashed files, and refuses writes that a browser sent from another site.
 * Auth.js's own endpoints are left to its CSRF token: an OpenID provider may post back to them.
 */
export function createRequestListener(routes: Routes, opts: ListenerOptions) {
  const https = opts.authUrl?.startsWith("https:") ?? false;
  return (req: IncomingMessage, res: ServerResponse): void => {
    // The client address that sign-in throttling and the audit log record; never taken from
    // the request unless a trusted proxy sets it.
    const forwarded = opts.trustProxy
      ? String(req.headers["x-forwarded-for"] ?? "")
          .split(",")[0]
          ?.trim()
      : "";
    req.headers["x-real-ip"] = forwarded || req.socket.remoteAddress || "";

    const headers = securityHeaders({ nonce: newNonce(), dev: opts.dev, oidcIssuer: opts.oidcIssuer, https });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    req.headers["content-security-policy"] = headers["content-security-policy"];
    const url = req.url ?? "/";
    if (!url.startsWith("/_next/static/")) res.setHeader("cache-control", "no-store");

    const method = req.method ?? "GET";
    if (!SAFE_METHODS.has(method) && !url.startsWith("/api/auth/") && fromForeignSite(nodeHeaders(req.headers), opts)) {
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
      res.end("Refused: the request came from another site.");
      return;
    }

    if (url.startsWith("/api/trpc/")) return void routes.trpc(req, res);
    if (url === "/api/health") return void routes.health(req, res);
    if (url.startsWith("/api/ical/")) return void routes.ical(req, res);
    void routes.next(req, res);
  };
}
