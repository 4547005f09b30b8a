import { z } from "@/lib/zod";
import { instant, singleLine } from "@/lib/schemas";

/** The audit log's filter as the Haldus page sends it (server/audit/audit.ts listAudit). */
export const listAuditInput = z.object({
  actorEmployeeId: z.uuid().optional(),
  action: singleLine(60).optional(),
  outcome: z.enum(["ok", "refused", "failed"]).optional(),
  text: singleLine(100).optional(),
  from: instant.optional(),
  to: instant.optional(),
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
