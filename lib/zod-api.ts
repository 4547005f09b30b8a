import { config } from "zod";

/**
 * The part of zod that code shared with the browser uses, re-exported by name; lib/zod.ts
 * gathers it into `z`. Not `zod`'s own `z`: that namespace object carries `z.locales`, and
 * Turbopack keeps a namespace whole, so every page with a form shipped zod's ~40 message
 * catalogues (~60 kB gzip, parsed on every cold load). A member missing here is a type error
 * where it is used; add it to the list.
 *
 * Pages run under a Content-Security-Policy without 'unsafe-eval', and zod 4 probes
 * `new Function` to compile fast parsers: the probe alone is reported as a violation. In the
 * browser it parses without compiling; the server keeps it.
 */
if (typeof window !== "undefined") config({ jitless: true });

export { array, boolean, custom, date, enum, literal, NEVER, number, object, string, union, uuid } from "zod";
export type { infer, input, output, RefinementCtx, ZodString, ZodType } from "zod";
