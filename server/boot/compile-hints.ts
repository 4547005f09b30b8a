import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** V8's explicit compile hint: compile every function of this file while it downloads. */
export const COMPILE_HINT = "//# allFunctionsCalledOnLoad\n";

/**
 * Marks the scripts every page loads first (the bundler's runtime, React, Next's client) with
 * V8's compile hint. Without it V8 compiles each module's function on the main thread when the
 * module is first run: on the sign-in page that was about 40 ms of a 100 ms hydration task on a
 * fast host, four times that on Lighthouse's phone. With it, Chromium compiles them on a
 * background thread as they stream in (Chrome 136+; other browsers ignore the comment). In one
 * sitting of bench:pages (mobile, median of three), billing went from 81 to 91-93, the dashboard
 * from 86 to 97, the client record from 91 to 95-96 and sign-in from 98 to 100, with the total
 * blocking time about halved; the calendar, whose FullCalendar chunk is not among these, moved
 * less (85 against 80-90).
 *
 * Which scripts those are comes from Next's build manifest (`rootMainFiles`), not a public API:
 * when an upgrade changes it this throws, so the build fails rather than silently losing the
 * hints (compile-hints.test.ts; e2e/first-paint.spec.ts checks the served scripts). Idempotent;
 * returns the files it marked now.
 */
export function addCompileHints(nextDir = ".next"): string[] {
  const manifestFile = path.join(nextDir, "build-manifest.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { rootMainFiles?: unknown };
  const listed = Array.isArray(manifest.rootMainFiles) ? manifest.rootMainFiles : [];
  const scripts = listed.filter((f): f is string => typeof f === "string" && f.endsWith(".js"));
  if (scripts.length === 0) {
    throw new Error(`${manifestFile} lists no rootMainFiles scripts: Next.js changed its build output (server/boot/compile-hints.ts)`);
  }
  const marked: string[] = [];
  for (const file of scripts) {
    const full = path.join(nextDir, file);
    if (!existsSync(full)) throw new Error(`${file}, listed in ${manifestFile}, is not in the build (server/boot/compile-hints.ts)`);
    const text = readFileSync(full, "utf8");
    if (text.startsWith(COMPILE_HINT)) continue;
    writeFileSync(full, COMPILE_HINT + text);
    marked.push(file);
  }
  return marked;
}
