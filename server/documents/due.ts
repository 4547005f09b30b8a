import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { clients, fundingDecisions, rehabilitationPlans, sessionParticipants, sessions, summaryAssessments } from "@/db/schema";
import { addDays } from "@/lib/calendar-days";
import { isoDate } from "@/lib/schemas";
import { loadClientFacts, requireClient } from "@/server/clients/facts";
import type { DbOrTx } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { canReadClinical } from "@/server/policy/policy";
import { tallinnToday } from "@/lib/tallinn-time";

/**
 * What documents are due (#13 items 3 and 4): a rehabilitation/action plan within 30 days of the
 * first meeting of a rehabilitation decision (SRT, TRT), and the summary assessment of a special-
 * welfare decision (EHT) from 3 months before it ends. The first meeting is the plan's own date
 * once a plan is written, otherwise the client's first session in the decision's period that was
 * not cancelled. A decision with an approved plan or a written summary is no longer due.
 */

export const PLAN_DUE_DAYS = 30;
export const SUMMARY_REMINDER_MONTHS = 3;
export const SUMMARY_NOTICE_DAYS = 14;
export const dueInput = z.object({ clientId: z.uuid().optional(), today: isoDate.optional() });

const monthsBefore = (date: string, months: number) => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
};

export type DueItem = {
  kind: "plan" | "summary";
  clientId: string;
  clientName: string;
  decisionId: string;
  decisionNumber: string;
  fundingKind: string;
  /** When the document is due: 30 days after the first meeting, or 3 months before the decision ends. */
  dueDate: string;
  overdue: boolean;
  /** The plan being written, if any, and its state. */
  planStatus: string | null;
};

async function dueFor(db: DbOrTx, clientIds: string[], today: string): Promise<DueItem[]> {
  if (!clientIds.length) return [];
  const decisions = await db
    .select({
      d: fundingDecisions,
      clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`,
      planStatus: sql<string | null>`(SELECT p.status FROM ${rehabilitationPlans} p WHERE p.decision_id = ${fundingDecisions.id}
        ORDER BY (p.status = 'approved') DESC, p.created_at DESC LIMIT 1)`,
      planMeeting: sql<
        string | null
      >`(SELECT min(p.first_meeting_date)::text FROM ${rehabilitationPlans} p WHERE p.decision_id = ${fundingDecisions.id})`,
      firstSession: sql<string | null>`(SELECT min((s.starts_at AT TIME ZONE 'Europe/Tallinn')::date)::text
        FROM ${sessionParticipants} sp JOIN ${sessions} s ON s.id = sp.session_id
        WHERE sp.client_id = ${fundingDecisions.clientId} AND s.status <> 'cancelled'
          AND (s.starts_at AT TIME ZONE 'Europe/Tallinn')::date BETWEEN ${fundingDecisions.startDate} AND ${fundingDecisions.endDate})`,
      hasSummary: sql<boolean>`EXISTS (SELECT 1 FROM ${summaryAssessments} sa WHERE sa.decision_id = ${fundingDecisions.id})`,
    })
    .from(fundingDecisions)
    .innerJoin(clients, eq(clients.id, fundingDecisions.clientId))
    .where(and(inArray(fundingDecisions.clientId, clientIds), gte(fundingDecisions.endDate, today)));
  const items: DueItem[] = [];
  for (const r of decisions) {
    const base = {
      clientId: r.d.clientId,
      clientName: r.clientName,
      decisionId: r.d.id,
      decisionNumber: r.d.decisionNumber,
      fundingKind: r.d.fundingKind,
      planStatus: r.planStatus,
    };
    if ((r.d.fundingKind === "SRT" || r.d.fundingKind === "TRT") && r.planStatus !== "approved") {
      const meeting = r.planMeeting ?? r.firstSession;
      if (meeting) {
        const dueDate = addDays(meeting, PLAN_DUE_DAYS);
        items.push({ kind: "plan", ...base, dueDate, overdue: dueDate < today });
      }
    }
    if (r.d.fundingKind === "EHT" && !r.hasSummary) {
      const dueDate = monthsBefore(r.d.endDate, SUMMARY_REMINDER_MONTHS);
      // Shown two weeks ahead, so that the team can write it by the day it is due.
      if (today >= addDays(dueDate, -SUMMARY_NOTICE_DAYS)) items.push({ kind: "summary", ...base, dueDate, overdue: today > dueDate });
    }
  }
  return items.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

/**
 * Due documents of one client (its record), or of every client the caller is case manager of
 * (their list). Clients whose clinical record the caller may not read are left out.
 */
export async function listDue(ctx: DomainContext, input: z.infer<typeof dueInput>): Promise<DueItem[]> {
  const today = input.today ?? tallinnToday();
  if (input.clientId) {
    await requireClient(ctx, { clientId: input.clientId, action: "read_clinical" });
    return dueFor(ctx.db, [input.clientId], today);
  }
  const candidates = (await ctx.db.select({ id: clients.id }).from(clients).where(eq(clients.caseManagerId, ctx.actor.employeeId))).map(
    (c) => c.id,
  );
  const readable: string[] = [];
  for (const id of candidates) {
    const found = await loadClientFacts(ctx.db, id);
    if (found && canReadClinical(ctx.actor, found.facts)) readable.push(id);
  }
  return dueFor(ctx.db, readable, today);
}
