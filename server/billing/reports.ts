import { and, asc, eq, gte, isNull, lt, sql } from "drizzle-orm";
import type { z } from "zod";
import {
  clients,
  employees,
  fundingDecisions,
  fundingSources,
  serviceEntries,
  serviceReports,
  sessionParticipants,
  sessions,
} from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { loadClientFacts, lockClient } from "@/server/clients/facts";
import type { Db, DbOrTx } from "@/server/db/client";
import { AppError, invalid, notFound } from "@/server/errors";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { clientVisibility } from "@/server/policy/client-scope";
import { canOnClient, type ClientFacts } from "@/server/policy/policy";
import { rolesHolding } from "@/server/org/roles";
import { addReportLines, invoicesOfReports, lockDraft, withdrawReport } from "./drafts";
import { clientFilter, funderIs, unitFilter } from "./list-filters";
import type { monthListInput } from "./schemas";
import { monthSpan, type MonthSpan } from "./months";
import { reportItems, reportProblems, type Decision } from "./report-contents";

const fullName = sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`;

/**
 * The accountant's month: every decision of a client the person may bill that runs in the
 * month, with what was entered, how many sessions are still open and whether it is confirmed.
 */
export async function listMonth(ctx: DomainContext<Db>, filters: z.infer<typeof monthListInput>) {
  const { db, actor, ip } = ctx;
  const { month } = filters;
  const span = monthSpan(month);
  const unitIds = await unitFilter(ctx, filters.unitId);
  const status =
    filters.status === "open" ? isNull(serviceReports.id) : filters.status ? eq(serviceReports.status, filters.status) : undefined;
  const entries = db.$with("entries").as(
    db
      .select({
        decisionId: serviceEntries.decisionId,
        count: sql<number>`count(*)::int`.as("count"),
        cents: sql<string>`sum(${serviceEntries.amountCents})`.as("cents"),
      })
      .from(serviceEntries)
      .where(and(gte(serviceEntries.serviceDate, span.from), lt(serviceEntries.serviceDate, span.to)))
      .groupBy(serviceEntries.decisionId),
  );
  const rows = await db
    .with(entries)
    .select({
      decisionId: fundingDecisions.id,
      decisionNumber: fundingDecisions.decisionNumber,
      fundingKind: fundingDecisions.fundingKind,
      funder: fundingSources.name,
      funderEn: fundingSources.nameEn,
      clientId: clients.id,
      clientName: fullName,
      entries: sql<number>`coalesce(${entries.count}, 0)`,
      amountCents: sql<string>`coalesce(${entries.cents}, 0)`,
      reportId: serviceReports.id,
      status: serviceReports.status,
      confirmedAt: serviceReports.confirmedAt,
      reopenReason: serviceReports.reopenReason,
      openSessions: sql<number>`(SELECT count(*)::int FROM ${sessionParticipants} sp JOIN ${sessions} s ON s.id = sp.session_id
      WHERE sp.client_id = ${clients.id} AND (sp.decision_id = ${fundingDecisions.id} OR sp.decision_id IS NULL)
        AND s.status IN ('planned', 'agreed') AND tallinn_month(s.starts_at) = ${span.from}::date)`,
    })
    .from(fundingDecisions)
    .innerJoin(clients, eq(clients.id, fundingDecisions.clientId))
    .innerJoin(fundingSources, eq(fundingSources.id, fundingDecisions.fundingSourceId))
    .leftJoin(entries, eq(entries.decisionId, fundingDecisions.id))
    .leftJoin(serviceReports, and(eq(serviceReports.decisionId, fundingDecisions.id), eq(serviceReports.month, span.from)))
    .where(
      and(
        lt(fundingDecisions.startDate, span.to),
        gte(fundingDecisions.endDate, span.from),
        clientVisibility(actor, "read", "billing"),
        funderIs(fundingDecisions.fundingSourceId, filters.fundingSourceId),
        status,
        ...clientFilter(clients.id, unitIds, filters.client),
      ),
    )
    .orderBy(asc(clients.lastName), asc(clients.firstName), asc(fundingDecisions.startDate));
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "billing.read",
    targetType: "month",
    targetId: null,
    ip,
    details: {
      view: "month",
      month,
      rows: rows.length,
      filtered: Boolean(filters.unitId || filters.fundingSourceId || filters.status || filters.client),
    },
  });
  return rows.map((r) => ({ ...r, amountCents: Number(r.amountCents), entries: Number(r.entries) }));
}

/** May the actor do `action` (billing: read, confirm, reopen) to this client's months? The one home of the rule. */
const mayBill = (actor: Actor, facts: ClientFacts, action: string) => canOnClient(actor, action, facts, new Date(), "billing");

/** The decision and its client, when the person may do `action` (billing) to that client. */
async function requireBillable(db: DbOrTx, actor: Actor, decisionId: string, action: string) {
  const [row] = await db
    .select({ decision: fundingDecisions, funder: fundingSources })
    .from(fundingDecisions)
    .innerJoin(fundingSources, eq(fundingSources.id, fundingDecisions.fundingSourceId))
    .where(eq(fundingDecisions.id, decisionId));
  const found = row ? await loadClientFacts(db, row.decision.clientId) : null;
  // A client the person may not bill looks like a decision that does not exist.
  if (!row || !found || !mayBill(actor, found.facts, "read")) throw notFound("decision");
  if (action !== "read" && !mayBill(actor, found.facts, action)) {
    throw new AppError("FORBIDDEN", "errors.forbidden", `You may not ${action} this client's months`);
  }
  return { decision: row.decision, funder: row.funder, client: found.client, facts: found.facts };
}

async function contents(db: DbOrTx, decision: Decision, span: MonthSpan) {
  const items = await reportItems(db, decision.id, span);
  const problems = await reportProblems(db, decision, span, items);
  const net = items.reduce((s, i) => s + i.netCents, 0);
  const vat = items.reduce((s, i) => s + i.vatCents, 0);
  return { items, problems, totals: { netCents: net, vatCents: vat, totalCents: net + vat } };
}

async function reportRow(db: DbOrTx, decisionId: string, span: MonthSpan) {
  const [row] = await db
    .select({
      report: serviceReports,
      confirmedByName: sql<
        string | null
      >`(SELECT first_name || ' ' || last_name FROM ${employees} WHERE id = ${serviceReports.confirmedBy})`,
      reopenedByName: sql<string | null>`(SELECT first_name || ' ' || last_name FROM ${employees} WHERE id = ${serviceReports.reopenedBy})`,
    })
    .from(serviceReports)
    .where(and(eq(serviceReports.decisionId, decisionId), eq(serviceReports.month, span.from)));
  return row ?? null;
}

/** The month's report before (or after) confirmation: sales items, totals and problems. */
export async function previewReport({ db, actor, ip }: DomainContext<Db>, input: { decisionId: string; month: string }) {
  const span = monthSpan(input.month);
  const { decision, funder, client, facts } = await requireBillable(db, actor, input.decisionId, "read");
  const [body, report, confirmers, reopeners] = await Promise.all([
    contents(db, decision, span),
    reportRow(db, decision.id, span),
    rolesHolding(db, "billing", "confirm"),
    rolesHolding(db, "billing", "reopen"),
  ]);
  const confirmed = report?.report.status === "confirmed";
  const invoicesHeld = report ? await invoicesOfReports(db, [report.report.id]) : [];
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "client.read",
    clientId: client.id,
    targetType: "decision",
    targetId: decision.id,
    ip,
    details: { view: "serviceReport", month: input.month },
  });
  return {
    client: { id: client.id, name: `${client.firstName} ${client.lastName}`, personalCode: client.personalCode },
    decision: {
      id: decision.id,
      number: decision.decisionNumber,
      kind: decision.fundingKind,
      startDate: decision.startDate,
      endDate: decision.endDate,
    },
    funder: { id: funder.id, name: funder.name },
    month: input.month,
    report: report && {
      status: report.report.status,
      confirmedAt: report.report.confirmedAt,
      confirmedBy: report.confirmedByName,
      reopenedAt: report.report.reopenedAt,
      reopenedBy: report.reopenedByName,
      reopenReason: report.report.reopenReason,
    },
    invoices: invoicesHeld.map((i) => ({ id: i.invoiceId, number: i.number, status: i.status, type: i.type })),
    // What the dialog offers, by the checks confirmReport and reopenReport run; when it offers
    // nothing, the roles that may do it are named instead.
    mayConfirm: !confirmed && mayBill(actor, facts, "confirm"),
    mayReopen: confirmed && mayBill(actor, facts, "reopen"),
    whoMay: { confirm: confirmers, reopen: reopeners },
    ...body,
  };
}

/**
 * Confirms the month: refused, with nothing written, while it has problems. The client's row is
 * locked first, as every entry and session write of that client does (the month-lock triggers in db/functions/), so no
 * entry slips in between the check and the lock. The sales items go onto the funder's draft
 * invoice for the month (or the client's own, when the funder invoices per client).
 */
export async function confirmReport({ db, actor, ip }: DomainContext<Db>, input: { decisionId: string; month: string }) {
  const span = monthSpan(input.month);
  return db.transaction(async (tx) => {
    const { decision, funder, client } = await requireBillable(tx, actor, input.decisionId, "confirm");
    await lockClient(tx, client.id);
    const existing = await reportRow(tx, decision.id, span);
    if (existing?.report.status === "confirmed")
      throw new AppError("CONFLICT", "billingErrors.reportAlreadyConfirmed", "The month is already confirmed");
    const body = await contents(tx, decision, span);
    if (body.problems.length > 0) {
      throw new AppError(
        "CONFLICT",
        "billingErrors.reportHasProblems",
        `The month has ${body.problems.length} problem(s) to settle first`,
        { params: { count: body.problems.length } },
      );
    }
    const values = { status: "confirmed" as const, confirmedBy: actor.employeeId, confirmedAt: new Date(), updatedAt: new Date() };
    const [report] = existing
      ? await tx.update(serviceReports).set(values).where(eq(serviceReports.id, existing.report.id)).returning()
      : await tx
          .insert(serviceReports)
          .values({ ...values, clientId: client.id, decisionId: decision.id, month: span.from })
          .returning();
    const invoiceId = await lockDraft(tx, {
      type: "DEB",
      fundingSourceId: funder.id,
      month: span.from,
      clientId: funder.invoicePerClient ? client.id : null,
      creditedInvoiceId: null,
    });
    await addReportLines(
      tx,
      invoiceId,
      {
        reportId: report!.id,
        clientId: client.id,
        clientName: `${client.firstName} ${client.lastName}`,
        clientCode: client.personalCode,
        decisionNumber: decision.decisionNumber,
      },
      body.items,
    );
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "report.confirm",
      clientId: client.id,
      targetType: "service_report",
      targetId: report!.id,
      ip,
      details: { month: input.month, decision: decision.decisionNumber, netCents: body.totals.netCents, invoiceId },
    });
    return { reportId: report!.id, invoiceId, totals: body.totals };
  });
}

/**
 * Re-opens a confirmed month: an exception that needs its own permission and a reason, both in
 * the audit log. What an already numbered invoice charged for it is cancelled by a credit note.
 */
export async function reopenReport({ db, actor, ip }: DomainContext<Db>, input: { decisionId: string; month: string; reason: string }) {
  const span = monthSpan(input.month);
  const reason = input.reason.trim();
  if (reason.length < 3) throw invalid("reason", "billingErrors.reasonRequired", "Say why the month is re-opened");
  return db.transaction(async (tx) => {
    const { decision, client } = await requireBillable(tx, actor, input.decisionId, "reopen");
    await lockClient(tx, client.id);
    const existing = await reportRow(tx, decision.id, span);
    if (existing?.report.status !== "confirmed")
      throw new AppError("CONFLICT", "billingErrors.reportNotConfirmed", "The month is not confirmed");
    const { creditNoteIds } = await withdrawReport(tx, existing.report.id);
    await tx
      .update(serviceReports)
      .set({ status: "reopened", reopenedBy: actor.employeeId, reopenedAt: new Date(), reopenReason: reason, updatedAt: new Date() })
      .where(eq(serviceReports.id, existing.report.id));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "report.reopen",
      clientId: client.id,
      targetType: "service_report",
      targetId: existing.report.id,
      ip,
      details: { month: input.month, decision: decision.decisionNumber, reason, creditNoteIds },
    });
    return { reportId: existing.report.id, creditNoteIds };
  });
}
