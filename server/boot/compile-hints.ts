import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** V8's explicit compile hint: compile every function of this file while it downloads. */
export const COMPILE_HINT = "//# allFunctionsCalledOnLoad\n";

/**
 * Marks every script of the build with V8's compile hint. Without it V8 compiles each module's
 * function on the main thread when the bundler first runs the module: on the sign-in page that
 * was about 40 ms of a 100 ms hydration task on a fast host, four times that on Lighthouse's
 * phone, and on the calendar as much again for FullCalendar. With it, Chromium (136+; other
 * browsers ignore the comment) compiles the whole script on a background thread while it
 * streams in. V8 advises the hint for scripts whose functions run on load; each of these
 * chunks is fetched only when the page is about to run it (the page's own, or a dynamic import
 * such as FullCalendar or a dialog when it opens; links do not prefetch), so what it costs is
 * background compiling of the functions a chunk carries but does not call.
 *
 * bench:pages, mobile, median of three runs, within one hour (benchmarkIndex 1,650-2,450):
 * without the hint billing scored 81, the dashboard 86, the client record 91, the calendar 85
 * and sign-in 98; with it on the first scripts only (React, Next's client) 85-93, 87-97, 94-99,
 * 77-90 and 98-100; on every script 87-94, 89-98, 98-99, 90-94 and 99-100.
 *
 * The folder is where Next writes the browser's scripts (served as /_next/static/chunks/); if an
 * upgrade moves them, finding none fails the start loudly (compile-hints.test.ts), and
 * e2e/first-paint.spec.ts checks the served scripts. Idempotent; returns the files marked now.
 */
export function addCompileHints(nextDir = ".next"): string[] {
  const chunks = path.join(nextDir, "static", "chunks");
  const scripts = existsSync(chunks) ? readdirSync(chunks, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js")) : [];
  if (scripts.length === 0) {
    throw new Error(`no scripts in ${chunks}: Next.js changed where it writes them (server/boot/compile-hints.ts)`);
  }
  const marked: string[] = [];
  for (const file of scripts.sort()) {
    const full = path.join(chunks, file);
    const text = readFileSync(full, "utf8");
    if (text.startsWith(COMPILE_HINT)) continue;
    writeFileSync(full, COMPILE_HINT + text);
    marked.push(file);
  }
  return marked;
}
