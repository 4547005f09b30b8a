/**
 * npm run bench:bundle — the first-load JavaScript of the calendar page, gzipped, from the
 * production build's own manifests (builds first when the build is stale): the framework's root
 * files plus every chunk the client-reference manifest lists for the page and its layouts, i.e.
 * what a browser downloads before the page is interactive. Chunks loaded later (next/dynamic:
 * FullCalendar, the booking dialog's parts, a client record's other sections, charts) are not
 * counted. Target: <= 300 kB for the calendar; the other main pages are printed beside it (`pages`,
 * kB), the offline page as the floor: the framework and the root layout alone. The LAST line is
 * one JSON object.
 */
import { buildIfStale } from "@/server/boot/build";
import { FIRST_LOAD_TARGET_KB, firstLoadKb } from "./first-load";

const PAGES = {
  signIn: "login",
  calendar: "(app)/calendar",
  clientRecord: "(app)/clients/[id]",
  clients: "(app)/clients",
  dashboard: "(app)/dashboard",
  workload: "(app)/workload",
  billing: "(app)/billing",
  floor: "offline",
} as const;

async function main() {
  await buildIfStale((m) => console.log(`[bench:bundle] ${m}`));
  const pages = Object.fromEntries(Object.entries(PAGES).map(([name, route]) => [name, firstLoadKb(route)]));
  for (const [name, { kb, files }] of Object.entries(pages))
    console.log(`[bench:bundle] ${name.padEnd(12)} ${kb} kB gzip in ${files} files`);
  const calendar = pages.calendar!;
  console.log(
    `[bench:bundle] calendar first-load JS: ${calendar.kb} kB gzip in ${calendar.files} files (target <= ${FIRST_LOAD_TARGET_KB} kB)`,
  );
  console.log(
    JSON.stringify({
      calendarFirstLoadKb: calendar.kb,
      files: calendar.files,
      targetKb: FIRST_LOAD_TARGET_KB,
      ok: calendar.kb <= FIRST_LOAD_TARGET_KB,
      pages: Object.fromEntries(Object.entries(pages).map(([name, { kb }]) => [name, kb])),
    }),
  );
}

void main();
