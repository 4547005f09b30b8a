/** Reads one request header, whatever the request type (Node's IncomingMessage or Fetch's Headers). */
export type HeaderOf = (name: string) => string | undefined;

export type OriginOptions = { authUrl?: string; trustProxy: boolean };

export const nodeHeaders =
  (headers: Record<string, string | string[] | undefined>): HeaderOf =>
  (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };

export const fetchHeaders =
  (headers: Headers): HeaderOf =>
  (name) =>
    headers.get(name) ?? undefined;

const first = (value: string | undefined) => value?.split(",")[0]?.trim() || undefined;
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin the person used to reach the app: the Host header (X-Forwarded-Host and -Proto
 * only behind a trusted proxy). The scheme is AUTH_URL's when the host is AUTH_URL's host (a
 * TLS proxy in front), otherwise http, which is all the app itself speaks. Null for a host that
 * is not a plain host name or address.
 */
export function requestOrigin(header: HeaderOf, opts: OriginOptions): string | null {
  const host = (opts.trustProxy ? first(header("x-forwarded-host")) : undefined) ?? header("host");
  if (!host || !HOST.test(host)) return null;
  const forwardedProto = opts.trustProxy ? first(header("x-forwarded-proto")) : undefined;
  const configured = opts.authUrl ? new URL(opts.authUrl) : null;
  const scheme =
    forwardedProto === "https" || forwardedProto === "http"
      ? forwardedProto
      : configured && configured.host === host.toLowerCase()
        ? configured.protocol.slice(0, -1)
        : "http";
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/** Whether `origin` is the app's own: the host the request came to, or AUTH_URL's origin. */
export function isOwnOrigin(origin: string, header: HeaderOf, opts: OriginOptions): boolean {
  if (opts.authUrl && new URL(opts.authUrl).origin === origin) return true;
  return origin === requestOrigin(header, opts);
}

/**
 * Whether a browser sent this request from another site. Browsers send Origin with every POST
 * and WebSocket handshake and Sec-Fetch-Site with every request; a request with neither is not
 * from a browser (curl, a script) and cannot ride on a person's cookies, so it is let through
 * to the session check like any other.
 */
export function fromForeignSite(header: HeaderOf, opts: OriginOptions): boolean {
  const origin = header("origin");
  if (origin !== undefined) return !isOwnOrigin(origin, header, opts);
  const site = header("sec-fetch-site");
  return site !== undefined && site !== "same-origin" && site !== "none";
}
