/**
 * A path on this site to send a person back to, or `fallback`. Browsers read `/\host` and
 * `/\t/host` as `//host` (another site), so the check resolves the value the way a browser
 * would and keeps it only when it stays on the same origin; the result is always a relative
 * path, so the redirect keeps whatever host the person used.
 */
export function safeLocalPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.includes("\\") || hasControlCharacter(value)) return fallback;
  const base = "http://same-site.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

const hasControlCharacter = (value: string) => [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
