import { randomBytes } from "node:crypto";

export type PolicyOptions = {
  /** Fresh per response: Next puts it on its own inline and external scripts. */
  nonce: string;
  /** `next dev` evaluates its modules with eval. */
  dev: boolean;
  /** The eID provider's issuer: sign-in forms may post there. */
  oidcIssuer?: string;
};

export const newNonce = () => randomBytes(16).toString("base64");

/**
 * No inline script runs unless it carries this response's nonce. Inline styles stay allowed:
 * React's style attributes and FullCalendar's positioning use them, and a style cannot run code.
 * 'self' in connect-src covers Socket.io's ws:/wss: on the same host.
 */
export function contentSecurityPolicy(opts: PolicyOptions): string {
  const issuer = opts.oidcIssuer ? ` ${new URL(opts.oidcIssuer).origin}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    // The document template editor previews its PDF in a frame, from a blob the page itself made.
    "frame-src 'self' blob:",
    "base-uri 'none'",
    `form-action 'self'${issuer}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The headers every response carries, whichever handler writes it (Next, tRPC, health, iCal,
 * static files). HSTS only when the public URL is https: over plain http it would be ignored,
 * and on a test machine it would pin localhost to https.
 */
export function securityHeaders(opts: PolicyOptions & { https: boolean }): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(opts),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    // Paths name clients and invoices: other sites learn nothing of them.
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cross-origin-opener-policy": "same-origin",
    ...(opts.https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
