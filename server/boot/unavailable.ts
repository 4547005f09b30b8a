import type { IncomingMessage, ServerResponse } from "node:http";
import en from "@/i18n/en/resilience.json";
import et from "@/i18n/et/resilience.json";

const RETRY_SECONDS = 5;

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

function section(lang: "et" | "en", texts: typeof et.unavailable) {
  return (
    `<section lang="${lang}"><h1>${escape(texts.title)}</h1><p>${escape(texts.body)}</p><p>${escape(texts.reload)}</p>` +
    `<p><a href="">${escape(texts.retry)}</a></p></section>`
  );
}

// Rendered without the database or Next (which may need the database): plain, both languages,
// Estonian first, and it reloads itself until the database is back.
const page =
  `<!doctype html><html lang="et"><head><meta charset="utf-8">` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="${RETRY_SECONDS}">` +
  `<title>${escape(et.unavailable.title)} · ${escape(en.unavailable.title)}</title>` +
  `<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}` +
  `h1{font-size:1.4rem}section+section{border-top:1px solid #ccc;margin-top:2rem}a{color:#0b5394}</style></head>` +
  `<body><main>${section("et", et.unavailable)}${section("en", en.unavailable)}</main></body></html>`;

/** The answer to any page or non-tRPC API request while the database is down: 503, retry soon. */
export function unavailableHandler(req: IncomingMessage, res: ServerResponse): void {
  const wantsPage = (req.url ?? "/").startsWith("/api/") === false && req.method === "GET";
  const headers = { "cache-control": "no-store", "retry-after": String(RETRY_SECONDS), connection: "close" };
  if (wantsPage) {
    res.writeHead(503, { ...headers, "content-type": "text/html; charset=utf-8" });
    res.end(page);
  } else {
    res.writeHead(503, { ...headers, "content-type": "application/json" });
    res.end(JSON.stringify({ error: "database unavailable", message: en.errors.databaseUnavailable }));
  }
}
