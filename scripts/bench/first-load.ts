/** The first-load JavaScript of a page, from the production build's manifests (bench:bundle, bench:pages). */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

export const FIRST_LOAD_TARGET_KB = 300;
const NEXT = ".next";

/** The chunk files (relative to .next) a route's page and its layouts load at first. */
function routeChunks(route: string): string[] {
  const build = JSON.parse(readFileSync(path.join(NEXT, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const file = path.join(NEXT, "server", "app", route, "page_client-reference-manifest.js");
  if (!existsSync(file)) throw new Error(`no client-reference manifest for ${route}: is the build current?`);
  // The manifest is a script that assigns globalThis.__RSC_MANIFEST[<page>]; run it in a sandbox.
  const sandbox = { globalThis: {} as { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } };
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
  const manifests = Object.values(sandbox.globalThis.__RSC_MANIFEST ?? {});
  const entries = manifests.flatMap((m) => Object.values(m.entryJSFiles ?? {}).flat());
  return [...new Set([...build.rootMainFiles, ...entries])].filter((f) => f.endsWith(".js"));
}

/** gzip -9 size of the calendar page's first-load JavaScript, in kB (1,000 bytes, as Next reports). */
export function firstLoadKb(route = "(app)/calendar"): { kb: number; files: number } {
  const files = routeChunks(route);
  const bytes = files.reduce(
    (sum, f) => sum + gzipSync(readFileSync(path.join(NEXT, f.replace(/^\/?_next\//, ""))), { level: 9 }).length,
    0,
  );
  return { kb: Math.round(bytes / 100) / 10, files: files.length };
}
