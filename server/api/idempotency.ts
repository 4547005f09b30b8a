import { z } from "zod";

/**
 * The client's idempotency key for a write: one per form submission, reused when the same
 * submission is sent again (server/idempotency/keys.ts). Optional: API callers may go without.
 */
export const idempotencyKey = z.uuid().optional();
