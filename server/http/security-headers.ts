import { randomBytes } from "node:crypto";

export type PolicyOptions = {
  /** Fresh per response: Next puts it on its own inline and external scripts. */
  nonce: string;
  /** `next dev` evaluates its modules with eval. */
  dev: boolean;
  /** The eID provider's issuer: sign-in forms may post there. */
  oidcIssuer?: string;
};

const NONCE_BYTES = 16;
/** Random bytes for 256 nonces at a time, each used once. */
const POOL_BYTES = NONCE_BYTES * 256;
let pool = Buffer.alloc(0);
let taken = 0;

/**
 * 16 bytes from the operating system's CSPRNG, as base64, never the same twice. Taken from a pool
 * filled 256 nonces at a time, as Node does for randomUUID: a call into OpenSSL for each
 * response's 16 bytes was 1.6% of the server's CPU in npm run bench:booking (~18 µs a request).
 */
export const newNonce = () => {
  if (taken + NONCE_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    taken = 0;
  }
  const nonce = pool.toString("base64", taken, taken + NONCE_BYTES);
  taken += NONCE_BYTES;
  return nonce;
};

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
