import { createHash } from "node:crypto";
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { bankStatements, invoiceBalances, invoices, paymentAllocations, payments } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { invalid } from "@/server/errors";
import { getInstitution } from "@/server/settings/institution";
import { parseCamt053, type CamtStatement } from "./camt";
import { applyMatch, matchPayment, type OpenInvoice } from "./matching";
import { announcePayments, requirePaymentsAccess, settleInvoices } from "./settle";
import type { ImportStatementInput } from "./schemas";

export type ImportSummary = {
  statements: number;
  /** Statements imported before: nothing of them changed. */
  duplicates: number;
  /** New incoming payments, and how many of them were settled in full, partly or not at all. */
  payments: number;
  matched: number;
  waiting: number;
  /** Credit entries already known from another statement, and entries that are no incoming payment. */
  alreadyKnown: number;
  skipped: number;
  paidInvoices: string[];
};

/** Numbered invoices that still ask for money, locked for the import's transaction. */
async function openInvoices(tx: Tx): Promise<OpenInvoice[]> {
  const rows = await tx
    .select({
      id: invoices.id,
      number: invoices.number,
      referenceNumber: invoices.referenceNumber,
      dueDate: invoices.dueDate,
      outstandingCents: invoiceBalances.outstandingCents,
    })
    .from(invoices)
    .innerJoin(invoiceBalances, eq(invoiceBalances.invoiceId, invoices.id))
    .where(and(inArray(invoices.status, ["confirmed", "sent"]), gt(invoiceBalances.outstandingCents, 0)))
    .for("update", { of: invoices });
  return rows.map((r) => ({ ...r, number: r.number ?? "" }));
}

function checkAccount(statements: CamtStatement[], institutionIban: string | null) {
  if (!institutionIban) {
    throw invalid(
      "file",
      "paymentsErrors.institutionIbanMissing",
      "Fill in the institution's IBAN in the settings first: statements are checked against it",
    );
  }
  for (const s of statements) {
    if (s.accountIban !== institutionIban) {
      throw invalid(
        "file",
        "paymentsErrors.foreignAccount",
        `The statement is for account ${s.accountIban}, not the institution's ${institutionIban}`,
        { statementIban: s.accountIban, institutionIban },
      );
    }
  }
}

async function importOne(
  tx: Tx,
  ctx: DomainContext,
  s: CamtStatement,
  sha: string,
  open: OpenInvoice[],
  summary: ImportSummary,
  touched: Set<string>,
) {
  const credits = s.entries.filter((e) => e.credit && e.booked);
  const [stmt] = await tx
    .insert(bankStatements)
    .values({
      accountIban: s.accountIban,
      statementRef: s.statementRef,
      messageId: s.messageId,
      fromDate: s.fromDate,
      toDate: s.toDate,
      entryCount: s.entries.length,
      newPayments: 0,
      fileSha256: sha,
      importedBy: ctx.actor.employeeId,
    })
    .onConflictDoNothing()
    .returning({ id: bankStatements.id });
  if (!stmt) {
    summary.duplicates++;
    return;
  }
  summary.statements++;
  summary.skipped += s.entries.length - credits.length;
  let fresh = 0;
  for (const e of credits) {
    const [payment] = await tx
      .insert(payments)
      .values({
        source: "bank",
        statementId: stmt.id,
        accountIban: s.accountIban,
        entryRef: e.entryRef,
        bookingDate: e.bookingDate,
        amountCents: e.amountCents,
        payerName: e.payerName,
        payerIban: e.payerIban,
        reference: e.reference,
        remittance: e.remittance,
        createdBy: ctx.actor.employeeId,
      })
      .onConflictDoNothing({ target: [payments.accountIban, payments.entryRef], where: sql`${payments.source} = 'bank'` })
      .returning({ id: payments.id });
    if (!payment) {
      summary.alreadyKnown++;
      continue;
    }
    fresh++;
    const match = matchPayment(e, open);
    applyMatch(open, match);
    if (match.allocations.length) {
      await tx
        .insert(paymentAllocations)
        .values(match.allocations.map((a) => ({ paymentId: payment.id, ...a, allocatedBy: ctx.actor.employeeId })));
      match.allocations.forEach((a) => touched.add(a.invoiceId));
    }
    if (match.unmatchedReason) {
      await tx.update(payments).set({ unmatchedReason: match.unmatchedReason }).where(eq(payments.id, payment.id));
      summary.waiting++;
    } else {
      summary.matched++;
    }
  }
  summary.payments += fresh;
  await tx.update(bankStatements).set({ newPayments: fresh }).where(eq(bankStatements.id, stmt.id));
}

/**
 * Imports a camt.053 statement in one transaction: the whole file or nothing. The statement and
 * each entry are keyed by the bank's identifiers, so importing it again (or an overlapping one)
 * adds nothing twice. Incoming payments are matched at once; what cannot be matched waits.
 */
export async function importStatement(ctx: DomainContext<Db>, input: ImportStatementInput): Promise<ImportSummary> {
  requirePaymentsAccess(ctx.actor, "confirm");
  const statements = parseCamt053(input.content);
  const institution = await getInstitution(ctx.db);
  checkAccount(statements, institution.iban);
  const sha = createHash("sha256").update(input.content).digest("hex");
  const summary: ImportSummary = {
    statements: 0,
    duplicates: 0,
    payments: 0,
    matched: 0,
    waiting: 0,
    alreadyKnown: 0,
    skipped: 0,
    paidInvoices: [],
  };
  await ctx.db.transaction(async (tx) => {
    const open = await openInvoices(tx);
    const touched = new Set<string>();
    for (const s of statements) await importOne(tx, ctx, s, sha, open, summary, touched);
    await settleInvoices(tx, [...touched]);
    if (touched.size) {
      const paid = await tx
        .select({ number: invoices.number })
        .from(invoices)
        .where(and(inArray(invoices.id, [...touched]), eq(invoices.status, "paid")));
      summary.paidInvoices = paid.map((p) => p.number ?? "").sort();
    }
    // Figures only: payers' names and texts stay out of the audit details.
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "payments.import",
      targetType: "bank_statement",
      ip: ctx.ip,
      details: {
        fileSha256: sha,
        statementRefs: statements.map((s) => s.statementRef),
        iban: statements[0]?.accountIban ?? null,
        ...summary,
      },
    });
  });
  if (summary.payments) announcePayments("import");
  return summary;
}
