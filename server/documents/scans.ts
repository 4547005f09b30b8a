import { eq } from "drizzle-orm";
import { documentScans, generatedDocuments, type ScanType } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { requireClient } from "@/server/clients/facts";
import type { DomainContext } from "@/server/domain-context";
import { AppError, invalid, notFound } from "@/server/errors";

export const SCAN_MAX_BYTES = 5 * 1024 * 1024;

/** What the file is by its first bytes; a name or a browser's claimed type proves nothing. */
export function scanTypeOf(bytes: Buffer): ScanType | null {
  if (bytes.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  return null;
}

async function registered(ctx: DomainContext, documentId: string, action: "update" | "read_clinical") {
  const [doc] = await ctx.db.select().from(generatedDocuments).where(eq(generatedDocuments.id, documentId));
  if (!doc) throw notFound("document");
  await requireClient(ctx, { clientId: doc.clientId, action: action }).catch((err: unknown) => {
    throw (err as { code?: string }).code === "NOT_FOUND" ? notFound("document") : err;
  });
  return doc;
}

/**
 * Marks a registered attendance sheet received and signed by attaching its scan: a PDF, PNG or
 * JPEG (by its bytes) of at most 5 MB. One scan per sheet; a second is refused, not replaced.
 */
export async function attachScan(ctx: DomainContext, input: { documentId: string; bytes: Buffer }) {
  if (input.bytes.length === 0) throw invalid("file", "errors.scanEmpty", "The file is empty");
  if (input.bytes.length > SCAN_MAX_BYTES) throw invalid("file", "errors.scanTooLarge", "The scan may be at most 5 MB", { maxMb: 5 });
  const mime = scanTypeOf(input.bytes);
  if (!mime) throw invalid("file", "errors.scanType", "The scan must be a PDF, PNG or JPEG file");
  const doc = await registered(ctx, input.documentId, "update");
  // The papers the client signs: the attendance sheet and the confirmation of services received.
  if (doc.type !== "attendance" && doc.type !== "confirmation")
    throw invalid("documentId", "errors.scanOnlyAttendance", "Only an attendance sheet takes a signed scan");
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(documentScans)
      .values({ documentId: doc.id, mime, bytes: input.bytes, size: input.bytes.length, uploadedBy: ctx.actor.employeeId })
      .onConflictDoNothing()
      .returning({ id: documentScans.id, uploadedAt: documentScans.uploadedAt });
    if (!row) throw new AppError("CONFLICT", "errors.scanExists", "This sheet already has its signed scan");
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "document.scan_attach",
      clientId: doc.clientId,
      targetType: "generated_document",
      targetId: doc.id,
      ip: ctx.ip,
      details: { mime, bytes: input.bytes.length },
    });
    return { documentId: doc.id, mime, size: input.bytes.length, uploadedAt: row.uploadedAt };
  });
}

/** The signed scan of a registered document, for someone who reads the client's clinical record. */
export async function readScan(ctx: DomainContext, input: { documentId: string }) {
  const doc = await registered(ctx, input.documentId, "read_clinical");
  const [scan] = await ctx.db.select().from(documentScans).where(eq(documentScans.documentId, doc.id));
  if (!scan) throw notFound("scan");
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "document.scan_read",
    clientId: doc.clientId,
    targetType: "generated_document",
    targetId: doc.id,
    ip: ctx.ip,
  });
  const ext = scan.mime === "application/pdf" ? "pdf" : scan.mime === "image/png" ? "png" : "jpg";
  return { bytes: scan.bytes, mime: scan.mime, fileName: `osavotuleht_${doc.params.month ?? ""}_allkirjastatud.${ext}` };
}
