import { currentActor } from "@/server/auth/current-actor";
import { buildEInvoiceXml } from "@/server/billing/einvoice";
import type { InvoiceDocument } from "@/server/billing/document";
import { invoiceXml } from "@/server/billing/invoice-xml";
import { buildUblXml } from "@/server/billing/ubl/ubl";
import { invoiceDocument } from "@/server/billing/invoices";
import { renderInvoicePdf } from "@/server/billing/pdf";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { can } from "@/server/policy/policy";
import { getInstitutionLogo } from "@/server/settings/institution";

/**
 * GET /api/invoices/<id>/pdf | xml | ubl: the confirmed invoice as a PDF/A-3 (with the funder's
 * e-invoice inside), as an Estonian e-invoice 1.2 XML or as an EN 16931 UBL XML (Peppol BIS 3.0),
 * for people with the billing permission over it. Each download is in the audit log.
 */
/** The funder's e-invoice inside the PDF; one EN 16931 cannot carry (it says why on sending) falls back to e-invoice 1.2. */
function embeddedXml(doc: InvoiceDocument) {
  try {
    return invoiceXml(doc);
  } catch (err) {
    if (err instanceof AppError) return invoiceXml({ ...doc, einvoiceFormat: "einvoice_1_2" });
    throw err;
  }
}

export async function GET(request: Request, { params }: { params: Promise<{ id: string; format: string }> }) {
  const { id, format } = await params;
  if (format !== "pdf" && format !== "xml" && format !== "ubl") return new Response("Not found", { status: 404 });
  const actor = await currentActor();
  if (!actor) return new Response("Sign in first", { status: 401 });
  if (!can(actor, "billing", "read")) return new Response("Forbidden", { status: 403 });
  if (!/^[0-9a-f-]{36}$/i.test(id)) return new Response("Not found", { status: 404 });
  const ip = request.headers.get("x-real-ip");
  try {
    const doc = await invoiceDocument({ db: db(), actor, ip }, { id, format });
    const name = doc.number.replace(/[^A-Za-z0-9_-]/g, "_");
    if (format === "ubl") {
      return new Response(buildUblXml(doc), {
        headers: {
          "content-type": "application/xml; charset=utf-8",
          "content-disposition": `attachment; filename="${name}-en16931.xml"`,
          "cache-control": "no-store",
        },
      });
    }
    if (format === "xml") {
      return new Response(buildEInvoiceXml(doc), {
        headers: {
          "content-type": "application/xml; charset=utf-8",
          "content-disposition": `attachment; filename="${name}.xml"`,
          "cache-control": "no-store",
        },
      });
    }
    const logo = await getInstitutionLogo(db());
    const pdf = await renderInvoicePdf(doc, { ...(logo ? { logo: { data: logo.bytes, mime: logo.mime } } : {}), xml: embeddedXml(doc) });
    return new Response(new Uint8Array(pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${name}.pdf"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof AppError)
      return new Response(err.message, { status: err.code === "NOT_FOUND" ? 404 : err.code === "FORBIDDEN" ? 403 : 409 });
    throw err;
  }
}
