import { createHash } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { documentScans, employees, generatedDocuments, type DocumentFormat, type DocumentType } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { requireClient } from "@/server/clients/facts";
import type { DomainContext } from "@/server/domain-context";
import { invalid, notFound } from "@/server/errors";
import { renderConfirmationPdf, renderInvoiceAnnexPdf } from "./annex-render";
import { attendanceInput, loadAttendance, type AttendanceSheet } from "./attendance";
import { renderAttendancePdf } from "./attendance-render";
import { confirmationInput, loadConfirmation, type Confirmation } from "./confirmation";
import { datasetInput, loadDataset, type Dataset } from "./dataset";
import { renderDatasetPdf, renderDatasetXlsx } from "./dataset-render";
import { invoiceAnnexInput, loadInvoiceAnnex, type InvoiceAnnex } from "./invoice-annex";
import {
  loadPlanSnapshot,
  loadSummarySnapshot,
  planDocumentInput,
  planFileName,
  planSnapshotFrozen,
  summaryDocumentInput,
  summaryFileName,
  summarySnapshotFrozen,
  type PlanSnapshot,
  type SummarySnapshot,
} from "./plan-documents";
import { renderPlanPdf, renderSummaryPdf } from "./plan-render";
import { currentTemplate, templateVersion, type ResolvedTemplate } from "./templates";

/**
 * Generating a document writes it into the register (who, when, which client, type, parameters,
 * the template version, the data it showed and its hash) and the audit log. The file itself is
 * not kept. A download of a signed or sent document (a dataset generated after signing, an
 * attendance sheet or confirmation whose signed scan is in, the annex of a numbered invoice, a plan
 * sent to the client or further, a summary assessment attached to a numbered invoice) lays
 * out the stored data with the stored template version again, exactly as it was; any other
 * download is made from today's data and template and says whether the data has changed.
 */

export const generateInput = z.discriminatedUnion("type", [
  datasetInput.extend({ type: z.literal("dataset"), format: z.enum(["pdf", "xlsx"]) }),
  attendanceInput.extend({ type: z.literal("attendance"), format: z.literal("pdf") }),
  invoiceAnnexInput.extend({ type: z.literal("invoice_annex"), format: z.literal("pdf") }),
  confirmationInput.extend({ type: z.literal("confirmation"), format: z.literal("pdf") }),
  planDocumentInput,
  summaryDocumentInput,
]);
export type GenerateInput = z.infer<typeof generateInput>;

export type GeneratedFile = { documentId: string; fileName: string; mime: string; base64: string; unchanged: boolean };

const MIME: Record<DocumentFormat, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

type Made = { bytes: Buffer; data: unknown; fileName: string; params: Record<string, string>; templateId: string | null; hash: string };
type Layout = { tpl: ResolvedTemplate; attendanceTpl: ResolvedTemplate; createdAt: Date };

/** Lays out data of a type: today's, or a register row's snapshot (which is why `data` is what the loaders return). */
async function render(input: GenerateInput, data: unknown, l: Layout): Promise<Omit<Made, "data" | "templateId" | "hash">> {
  const at = { createdAt: l.createdAt };
  if (input.type === "rehab_plan") {
    const snap = data as PlanSnapshot;
    // The status it had when made: the register says whether it was a draft or the plan as sent.
    const params = { planId: input.planId, status: snap.plan.status };
    return { bytes: await renderPlanPdf(snap, l.tpl, at), fileName: planFileName(snap), params };
  }
  if (input.type === "summary_assessment") {
    const snap = data as SummarySnapshot;
    const params: Record<string, string> = {
      decisionId: input.decisionId,
      ...(snap.summary.invoiceNumber ? { invoiceNumber: snap.summary.invoiceNumber } : {}),
    };
    return { bytes: await renderSummaryPdf(snap, l.tpl, at), fileName: summaryFileName(snap), params };
  }
  if (input.type === "attendance") {
    const sheet = data as AttendanceSheet;
    // Made again later, the sheet shows what the month then holds, even nothing: never refused.
    const params: Record<string, string> = { month: input.month, empty: "true" };
    return { bytes: await renderAttendancePdf(sheet, l.tpl, at), fileName: `osavotuleht_${input.month}.pdf`, params };
  }
  if (input.type === "invoice_annex") {
    const annex = data as InvoiceAnnex;
    const name = `arve_lisa_${annex.invoice.number ?? annex.invoice.month}`.replace(/[^A-Za-z0-9_.-]/g, "_");
    return { bytes: await renderInvoiceAnnexPdf(annex, l.tpl, at), fileName: `${name}.pdf`, params: { invoiceId: input.invoiceId } };
  }
  if (input.type === "confirmation") {
    const params: Record<string, string> = { month: input.month, withAttendance: String(Boolean(input.withAttendance)) };
    const bytes = await renderConfirmationPdf(data as Confirmation, l.tpl, l.attendanceTpl, at);
    return { bytes, fileName: `teenuste_kinnitus_${input.month}.pdf`, params };
  }
  const d = data as Dataset;
  const bytes = input.format === "pdf" ? await renderDatasetPdf(d, l.tpl, at) : await renderDatasetXlsx(d, l.tpl);
  const name = `andmestik_${d.decisionNumber}_${d.period.from}_${d.period.to}`.replace(/[^A-Za-z0-9_.-]/g, "_");
  // Both ends stored, so that "the whole decision" is made again for the same days even if the decision's dates change.
  const params: Record<string, string> = { decisionId: input.decisionId, from: d.period.from, to: d.period.to };
  return { bytes, fileName: `${name}.${input.format}`, params };
}

function load(ctx: DomainContext, input: GenerateInput): Promise<unknown> {
  if (input.type === "rehab_plan") return loadPlanSnapshot(ctx, input);
  if (input.type === "summary_assessment") return loadSummarySnapshot(ctx, input);
  if (input.type === "attendance") return loadAttendance(ctx, input);
  if (input.type === "invoice_annex") return loadInvoiceAnnex(ctx, input);
  if (input.type === "confirmation") return loadConfirmation(ctx, input);
  return loadDataset(ctx, input);
}

async function build(ctx: DomainContext, input: GenerateInput, createdAt: Date): Promise<Made> {
  const data = await load(ctx, input);
  const tpl = await currentTemplate(ctx.db, input.type);
  const attendanceTpl = input.type === "confirmation" ? await currentTemplate(ctx.db, "attendance") : tpl;
  const made = await render(input, data, { tpl, attendanceTpl, createdAt });
  // The confirmation may hold the attendance sheet, laid out with that type's template: its version is kept too.
  if (input.type === "confirmation" && attendanceTpl.id) made.params.attendanceTemplateId = attendanceTpl.id;
  return { ...made, data, templateId: tpl.id, hash: sha256(data) };
}

const sha256 = (data: unknown) => createHash("sha256").update(JSON.stringify(data)).digest("hex");

export async function generateDocument(ctx: DomainContext, input: GenerateInput): Promise<GeneratedFile> {
  const generatedAt = new Date();
  const made = await build(ctx, input, generatedAt);
  const hash = made.hash;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(generatedDocuments)
      .values({
        clientId: input.clientId,
        type: input.type,
        format: input.format,
        params: made.params,
        contentHash: hash,
        templateId: made.templateId,
        snapshot: made.data,
        generatedBy: ctx.actor.employeeId,
        generatedAt,
      })
      .returning({ id: generatedDocuments.id });
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "document.generate",
      clientId: input.clientId,
      targetType: "generated_document",
      targetId: row!.id,
      ip: ctx.ip,
      details: { type: input.type, format: input.format, ...made.params, contentHash: hash, templateId: made.templateId },
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
  const frozen = await isFrozen(ctx, doc);
  let made: { bytes: Buffer; fileName: string };
  let hash: string;
  if (frozen) {
    const tpl = await templateVersion(ctx.db, again.type, doc.templateId);
    const attendanceTpl =
      doc.type === "confirmation" ? await templateVersion(ctx.db, "attendance", doc.params.attendanceTemplateId ?? null) : tpl;
    made = await render(again, doc.snapshot, { tpl, attendanceTpl, createdAt: doc.generatedAt });
    hash = doc.contentHash;
  } else {
    const fresh = await build(ctx, again, new Date());
    made = fresh;
    hash = fresh.hash;
  }
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "document.download",
    clientId: doc.clientId,
    targetType: "generated_document",
    targetId: doc.id,
    ip: ctx.ip,
    details: { type: doc.type, format: doc.format, unchanged: hash === doc.contentHash, frozen },
  });
  return {
    documentId: doc.id,
    fileName: made.fileName,
    mime: MIME[doc.format],
    base64: made.bytes.toString("base64"),
    unchanged: hash === doc.contentHash,
  };
}

/**
 * Signed or sent: a scan of the signed paper is in, the dataset was generated signed, the annex is
 * of a numbered invoice, the plan had left draft (sent to the client or further), or the summary
 * assessment was attached to a numbered invoice.
 */
async function isFrozen(ctx: DomainContext, doc: typeof generatedDocuments.$inferSelect): Promise<boolean> {
  // Plans registered before they had templates kept no snapshot: those are made from today's plan.
  if (doc.snapshot === null) return false;
  if (doc.type === "rehab_plan") return planSnapshotFrozen(doc.snapshot as PlanSnapshot);
  if (doc.type === "summary_assessment") return summarySnapshotFrozen(doc.snapshot as SummarySnapshot);
  if (doc.type === "dataset") return Boolean((doc.snapshot as Dataset).assessment.signedAt);
  if (doc.type === "invoice_annex") return (doc.snapshot as InvoiceAnnex).invoice.number !== null;
  const [scan] = await ctx.db.select({ id: documentScans.id }).from(documentScans).where(eq(documentScans.documentId, doc.id));
  return Boolean(scan);
}

function parseStored(type: DocumentType, format: DocumentFormat, clientId: string, params: Record<string, string>): GenerateInput {
  // Stored parameters are strings; the attendance sheet's "empty" flag is a boolean in the input.
  const parsed = generateInput.safeParse({
    ...params,
    ...(params.empty ? { empty: params.empty === "true" } : {}),
    ...(params.withAttendance ? { withAttendance: params.withAttendance === "true" } : {}),
    type,
    format,
    clientId,
  });
  if (!parsed.success)
    throw invalid("documentId", "errors.documentParamsUnreadable", "The stored parameters of this document can no longer be read");
  return parsed.data;
}
