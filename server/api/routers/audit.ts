import { listAudit, recordAudit, verifyAuditChain } from "@/server/audit/audit";
import { listAuditInput } from "@/server/audit/schemas";
import { permittedProcedure, router } from "../trpc";

export const auditRouter = router({
  list: permittedProcedure("audit", "read")
    .input(listAuditInput)
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
