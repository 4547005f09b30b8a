/** zod for code that runs in the browser too: see lib/zod-api.ts for why not zod's own `z`. */
export * as z from "./zod-api";
export type { ZodType } from "zod";
