import { createHash } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { documentScans, employees, generatedDocuments, type DocumentFormat, type DocumentType } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { requireClient } from "@/server/clients/facts";
import type { DomainContext } from "@/server/domain-context";
import { invalid, notFound } from "@/server/errors";
import { attendanceInput, loadAttendance } from "./attendance";
import { renderAttendancePdf } from "./attendance-render";
import { datasetInput, loadDataset } from "./dataset";
import { renderDatasetPdf, renderDatasetXlsx } from "./dataset-render";
import { institutionLogo } from "./institution";
import { buildPlanDocument, buildSummaryDocument, planDocumentInput, summaryDocumentInput } from "./plan-documents";

/**
 * Generating a document writes it into the register (who, when, which client, type, parameters,
 * a hash of the data shown) and the audit log. The file is not stored: a download from the
 * register makes it again from the stored parameters and says whether the data has changed.
 */

export const generateInput = z.discriminatedUnion("type", [
  datasetInput.extend({ type: z.literal("dataset"), format: z.enum(["pdf", "xlsx"]) }),
  attendanceInput.extend({ type: z.literal("attendance"), format: z.literal("pdf") }),
  planDocumentInput,
  summaryDocumentInput,
]);
export type GenerateInput = z.infer<typeof generateInput>;

export type GeneratedFile = { documentId: string; fileName: string; mime: string; base64: string; unchanged: boolean };

const MIME: Record<DocumentFormat, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

async function build(ctx: DomainContext, input: GenerateInput) {
  if (input.type === "rehab_plan") return buildPlanDocument(ctx, input);
  if (input.type === "summary_assessment") return buildSummaryDocument(ctx, input);
  if (input.type === "attendance") {
    const sheet = await loadAttendance(ctx, input);
    const bytes = await renderAttendancePdf(sheet, await institutionLogo(ctx.db));
    // Made again later, the sheet shows what the month then holds, even nothing: never refused.
    const params: Record<string, string> = { month: input.month, empty: "true" };
    return { bytes, hash: sha256(sheet), fileName: `osavotuleht_${input.month}.pdf`, params };
  }
  const data = await loadDataset(ctx, input);
  const bytes = input.format === "pdf" ? await renderDatasetPdf(data, await institutionLogo(ctx.db)) : await renderDatasetXlsx(data);
  const hash = sha256(data);
  const name = `andmestik_${data.decisionNumber}_${data.period.from}_${data.period.to}`.replace(/[^A-Za-z0-9_.-]/g, "_");
  // Both ends stored, so that "the whole decision" is made again for the same days even if the decision's dates change.
  const params: Record<string, string> = { decisionId: input.decisionId, from: data.period.from, to: data.period.to };
  return { bytes, hash, fileName: `${name}.${input.format}`, params };
}

const sha256 = (data: unknown) => createHash("sha256").update(JSON.stringify(data)).digest("hex");

export async function generateDocument(ctx: DomainContext, input: GenerateInput): Promise<GeneratedFile> {
  const made = await build(ctx, input);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(generatedDocuments)
      .values({
        clientId: input.clientId,
        type: input.type,
        format: input.format,
        params: made.params,
        contentHash: made.hash,
        generatedBy: ctx.actor.employeeId,
      })
      .returning({ id: generatedDocuments.id });
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "document.generate",
      clientId: input.clientId,
      targetType: "generated_document",
      targetId: row!.id,
      ip: ctx.ip,
      details: { type: input.type, format: input.format, ...made.params, contentHash: made.hash },
    });
    return {
      documentId: row!.id,
      fileName: made.fileName,
      mime: MIME[input.format],
      base64: made.bytes.toString("base64"),
      unchanged: true,
    };
  });
}

export const listInput = z.object({ clientId: z.uuid() });

export async function listDocuments(ctx: DomainContext, input: z.infer<typeof listInput>) {
  await requireClient(ctx, { clientId: input.clientId, action: "read" });
  return ctx.db
    .select({
      id: generatedDocuments.id,
      type: generatedDocuments.type,
      format: generatedDocuments.format,
      params: generatedDocuments.params,
      generatedAt: generatedDocuments.generatedAt,
      generatedBy: sql<string | null>`${employees.firstName} || ' ' || ${employees.lastName}`,
      signedScanAt: documentScans.uploadedAt,
    })
    .from(generatedDocuments)
    .leftJoin(employees, eq(employees.id, generatedDocuments.generatedBy))
    .leftJoin(documentScans, eq(documentScans.documentId, generatedDocuments.id))
    .where(eq(generatedDocuments.clientId, input.clientId))
    .orderBy(desc(generatedDocuments.generatedAt));
}

export const downloadInput = z.object({ documentId: z.uuid() });

/** The registered document made again from its parameters, for someone who may read the client's record. */
export async function downloadDocument(ctx: DomainContext, input: z.infer<typeof downloadInput>): Promise<GeneratedFile> {
  const [doc] = await ctx.db.select().from(generatedDocuments).where(eq(generatedDocuments.id, input.documentId));
  if (!doc) throw notFound("document");
  // A client the caller may not read is reported as a missing document, not as a refusal that confirms it exists.
  await requireClient(ctx, { clientId: doc.clientId, action: "read" }).catch((err: unknown) => {
    throw (err as { code?: string }).code === "NOT_FOUND" ? notFound("document") : err;
  });
  const again = parseStored(doc.type, doc.format, doc.clientId, doc.params);
  const made = await build(ctx, again);
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "document.download",
    clientId: doc.clientId,
    targetType: "generated_document",
    targetId: doc.id,
    ip: ctx.ip,
    details: { type: doc.type, format: doc.format, unchanged: made.hash === doc.contentHash },
  });
  return {
    documentId: doc.id,
    fileName: made.fileName,
    mime: MIME[doc.format],
    base64: made.bytes.toString("base64"),
    unchanged: made.hash === doc.contentHash,
  };
}

function parseStored(type: DocumentType, format: DocumentFormat, clientId: string, params: Record<string, string>): GenerateInput {
  // Stored parameters are strings; the attendance sheet's "empty" flag is a boolean in the input.
  const parsed = generateInput.safeParse({
    ...params,
    ...(params.empty ? { empty: params.empty === "true" } : {}),
    type,
    format,
    clientId,
  });
  if (!parsed.success)
    throw invalid("documentId", "errors.documentParamsUnreadable", "The stored parameters of this document can no longer be read");
  return parsed.data;
}
