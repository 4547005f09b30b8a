import { z } from "zod";
import { instant, singleLine } from "@/lib/schemas";
import { listAudit, recordAudit, verifyAuditChain } from "@/server/audit/audit";
import { permittedProcedure, router } from "../trpc";

export const auditRouter = router({
  list: permittedProcedure("audit", "read")
    .input(
      z.object({
        actorEmployeeId: z.uuid().optional(),
        action: singleLine(60).optional(),
        outcome: z.enum(["ok", "refused", "failed"]).optional(),
        text: singleLine(100).optional(),
        from: instant.optional(),
        to: instant.optional(),
        cursor: z.number().int().positive().nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input: { cursor, ...filter } }) => {
      const rows = await listAudit(ctx.db, { ...filter, beforeSeq: cursor ?? undefined });
      return { rows, nextCursor: rows.length === filter.limit ? rows[rows.length - 1]!.seq : null };
    }),
  verify: permittedProcedure("audit", "read").mutation(async ({ ctx }) => {
    const problems = await verifyAuditChain(ctx.db);
    await recordAudit(ctx.db, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "audit.verify",
      ip: ctx.ip,
      details: { problems: problems.length },
    });
    return { ok: problems.length === 0, problems };
  }),
});
