import { currentActor } from "@/server/auth/current-actor";
import { reminderFacts } from "@/server/billing/payments/receivables";
import { renderReminderPdf } from "@/server/billing/payments/reminder-pdf";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { can } from "@/server/policy/policy";
import { isUuid } from "@/lib/schemas";

/** GET /api/invoices/<id>/reminder: a payment reminder (PDF) for an overdue invoice; audited. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await currentActor();
  if (!actor) return new Response("Sign in first", { status: 401 });
  if (!can(actor, "billing", "read")) return new Response("Forbidden", { status: 403 });
  if (!isUuid(id)) return new Response("Not found", { status: 404 });
  try {
    const facts = await reminderFacts({ db: db(), actor, ip: request.headers.get("x-real-ip") }, { invoiceId: id });
    const pdf = await renderReminderPdf(facts);
    const name = `meeldetuletus-${facts.number.replace(/[^A-Za-z0-9_-]/g, "_")}`;
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
