import { safeLocalPath } from "@/lib/safe-path";
import { fetchHeaders, requestOrigin, type OriginOptions } from "@/server/http/origin";

/**
 * Auth.js's redirect callback: where the person goes after signing in or out. Always a path on
 * this site, on the host the person used. Auth.js's default puts AUTH_URL's origin in front
 * (localhost when unset), which took people who came by IP address or domain to another host,
 * signed out. Absolute, since next-auth's client parses the answer as a URL.
 */
export function redirectOnSameHost(opts: { url: string; baseUrl: string; headers: Headers | undefined } & OriginOptions): string {
  const origin = (opts.headers && requestOrigin(fetchHeaders(opts.headers), opts)) ?? opts.baseUrl;
  const own = [origin, opts.baseUrl].find((o) => opts.url.startsWith(`${o}/`));
  return `${origin}${safeLocalPath(own ? opts.url.slice(own.length) : opts.url)}`;
}
