/**
 * npm run bench:bundle — the first-load JavaScript of the calendar page, gzipped, from the
 * production build's own manifests (builds first when the build is stale): the framework's root
 * files plus every chunk the client-reference manifest lists for the page and its layouts, i.e.
 * what a browser downloads before the page is interactive. Chunks loaded later (next/dynamic:
 * FullCalendar, the booking dialog's parts, charts) are not counted. The LAST line is one JSON object.
 * Target: <= 300 kB.
 */
import { buildIfStale } from "@/server/boot/build";
import { FIRST_LOAD_TARGET_KB, firstLoadKb } from "./first-load";

async function main() {
  await buildIfStale((m) => console.log(`[bench:bundle] ${m}`));
  const calendar = firstLoadKb("(app)/calendar");
  console.log(
    `[bench:bundle] calendar first-load JS: ${calendar.kb} kB gzip in ${calendar.files} files (target <= ${FIRST_LOAD_TARGET_KB} kB)`,
  );
  console.log(
    JSON.stringify({
      calendarFirstLoadKb: calendar.kb,
      files: calendar.files,
      targetKb: FIRST_LOAD_TARGET_KB,
      ok: calendar.kb <= FIRST_LOAD_TARGET_KB,
    }),
  );
}

void main();
