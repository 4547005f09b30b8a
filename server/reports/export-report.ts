import { z } from "zod";
import { recordAudit } from "@/server/audit/audit";
import type { DomainContext } from "@/server/domain-context";
import { decisionsReport } from "./decisions";
import { CLIENT_GROUPINGS, clientsReport } from "./clients";
import { earningsReport, EARNINGS_GROUPINGS } from "./earnings";
import { reportFile } from "./export";
import { incomeOptions, incomeReport } from "./income";
import { receivablesReport } from "./receivables";
import { serviceStructure, serviceStructureInput } from "./service-structure";
import { REPORT_FORMATS } from "./schemas";
import { REPORT_KINDS } from "./table";
import { workPerEmployee } from "./work-per-employee";

export const exportInput = serviceStructureInput
  .and(
    z.object({
      report: z.enum(REPORT_KINDS),
      format: z.enum(REPORT_FORMATS),
      locale: z.enum(["et", "en"]).default("et"),
    }),
  )
  .and(incomeOptions)
  // Each report's own grouping; the report reads the value it knows.
  .and(z.object({ by: z.enum([...EARNINGS_GROUPINGS, ...CLIENT_GROUPINGS]).optional() }));
export type ExportInput = z.infer<typeof exportInput>;

/** The report the viewer may see, as a file, and a line in the audit log that it left the system. */
export async function exportReport(ctx: DomainContext, input: ExportInput) {
  const data =
    input.report === "workPerEmployee"
      ? await workPerEmployee(ctx, input)
      : input.report === "decisions"
        ? await decisionsReport(ctx, input)
        : input.report === "receivables"
          ? await receivablesReport(ctx, input)
          : input.report === "income"
            ? await incomeReport(ctx, input)
            : input.report === "earnings"
              ? await earningsReport(ctx, { ...input, by: input.by === "unit" ? "unit" : "specialist" })
              : input.report === "clients"
                ? await clientsReport(ctx, { ...input, by: CLIENT_GROUPINGS.find((g) => g === input.by) ?? "funder" })
                : await serviceStructure(ctx, input);
  const file = await reportFile(ctx.db, data, input.format, input.locale);
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "report.export",
    ip: ctx.ip,
    details: {
      report: input.report,
      format: input.format,
      from: input.from,
      to: input.to,
      unitId: input.unitId ?? null,
      rows: data.rows.length,
    },
  });
  return { fileName: file.fileName, mimeType: file.mimeType, base64: file.base64 };
}
