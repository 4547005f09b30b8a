import { z } from "zod";

/**
 * zod for code that runs in the browser. Pages run under a Content-Security-Policy without
 * 'unsafe-eval', and zod 4 probes `new Function` to compile fast parsers: the probe alone is
 * reported as a violation. In the browser it parses without compiling; the server keeps it.
 */
if (typeof window !== "undefined") z.config({ jitless: true });

export { z };
export type { ZodType } from "zod";
