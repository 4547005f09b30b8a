import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import { z } from "zod";
import {
  decisionServiceLimits,
  employees,
  fundingDecisions,
  fundingSources,
  serviceEntries,
  services,
  sessions,
  specialties,
  type BillingUnit,
} from "@/db/schema";
import { isoDate } from "@/lib/schemas";
import { requireClient } from "@/server/clients/facts";
import type { DomainContext } from "@/server/domain-context";
import { invalid, notFound } from "@/server/errors";
import { readAssessment, type Assessment } from "./assessment";
import { institutionLines } from "./institution";
import { decimalText, formatFor } from "@/lib/format";

// Times in the rows are read on Estonian forms.
const timeEt = formatFor("et").time;

export const datasetInput = z.object({
  clientId: z.uuid(),
  decisionId: z.uuid(),
  /** Both empty: the whole decision. */
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type DatasetInput = z.infer<typeof datasetInput>;

export type DatasetRow = {
  date: string;
  /** "10:00–11:00" in Tallinn time when the entry came from a session. */
  time: string | null;
  serviceCode: string;
  serviceName: string;
  group: boolean;
  units: string;
  unit: BillingUnit;
  specialist: string;
  specialty: string | null;
  description: string;
};

export type Dataset = {
  institution: string[];
  client: { name: string; personalCode: string | null; legalRepresentative: string };
  funder: string;
  decisionNumber: string;
  decisionPeriod: { start: string; end: string };
  period: { from: string; to: string };
  caps: { periodCents: number | null; yearlyCents: number | null; monthlyCents: number | null };
  serviceLimits: { code: string; name: string; maxUnits: string; unit: BillingUnit }[];
  rows: DatasetRow[];
  totals: { code: string; name: string; unit: BillingUnit; units: string; count: number }[];
  assessment: Assessment;
};

/**
 * The client dataset (andmestik) of one decision for a period inside it, read by someone who may
 * read the client's clinical record. The period defaults to the whole decision; a period that
 * reaches outside it is refused, naming the decision's dates.
 */
export async function loadDataset(ctx: DomainContext, input: DatasetInput): Promise<Dataset> {
  const { client } = await requireClient(ctx, { clientId: input.clientId, action: "read_clinical" });
  const [decision] = await ctx.db
    .select({ d: fundingDecisions, funder: fundingSources.name })
    .from(fundingDecisions)
    .innerJoin(fundingSources, eq(fundingSources.id, fundingDecisions.fundingSourceId))
    .where(and(eq(fundingDecisions.id, input.decisionId), eq(fundingDecisions.clientId, input.clientId)));
  if (!decision) throw notFound("decision");
  const d = decision.d;
  const from = input.from ?? d.startDate;
  const to = input.to ?? d.endDate;
  if (from > to) throw invalid("to", "errors.documentPeriodReversed", "The period ends before it starts", { from, to });
  if (from < d.startDate || to > d.endDate) {
    throw invalid(
      from < d.startDate ? "from" : "to",
      "errors.documentPeriodOutsideDecision",
      `The period ${from}–${to} is outside the decision period ${d.startDate}–${d.endDate}`,
      { from, to, start: d.startDate, end: d.endDate },
    );
  }
  const entries = await ctx.db
    .select({
      date: serviceEntries.serviceDate,
      units: serviceEntries.units,
      description: serviceEntries.description,
      code: services.code,
      name: services.nameEt,
      group: services.isGroup,
      unit: services.billingUnit,
      specialist: sql<string>`${employees.firstName} || ' ' || ${employees.lastName}`,
      specialty: specialties.nameEt,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
    })
    .from(serviceEntries)
    .innerJoin(services, eq(services.id, serviceEntries.serviceId))
    .innerJoin(employees, eq(employees.id, serviceEntries.specialistId))
    .leftJoin(specialties, eq(specialties.id, serviceEntries.specialtyId))
    .leftJoin(sessions, eq(sessions.id, serviceEntries.sessionId))
    .where(and(eq(serviceEntries.decisionId, d.id), gte(serviceEntries.serviceDate, from), lte(serviceEntries.serviceDate, to)))
    .orderBy(asc(serviceEntries.serviceDate), asc(sessions.startsAt), asc(serviceEntries.createdAt));
  const limits = await ctx.db
    .select({ code: services.code, name: services.nameEt, maxUnits: decisionServiceLimits.maxUnits, unit: services.billingUnit })
    .from(decisionServiceLimits)
    .innerJoin(services, eq(services.id, decisionServiceLimits.serviceId))
    .where(eq(decisionServiceLimits.decisionId, d.id))
    .orderBy(asc(services.code));

  const rows: DatasetRow[] = entries.map((e) => ({
    date: e.date,
    time: e.startsAt && e.endsAt ? `${timeEt(e.startsAt)}–${timeEt(e.endsAt)}` : null,
    serviceCode: e.code,
    serviceName: e.name,
    group: e.group,
    units: e.units,
    unit: e.unit,
    specialist: e.specialist,
    specialty: e.specialty,
    description: e.description,
  }));
  // Totals in hundredths, as the units are stored: no floating-point sums.
  const totals = new Map<string, { code: string; name: string; unit: BillingUnit; hundredths: number; count: number }>();
  for (const r of rows) {
    const t = totals.get(r.serviceCode) ?? { code: r.serviceCode, name: r.serviceName, unit: r.unit, hundredths: 0, count: 0 };
    t.hundredths += Math.round(Number(r.units) * 100);
    t.count += 1;
    totals.set(r.serviceCode, t);
  }
  return {
    institution: await institutionLines(ctx.db),
    client: {
      name: `${client.firstName} ${client.lastName}`,
      personalCode: client.personalCode,
      legalRepresentative: client.legalRepresentative,
    },
    funder: decision.funder,
    decisionNumber: d.decisionNumber,
    decisionPeriod: { start: d.startDate, end: d.endDate },
    period: { from, to },
    caps: { periodCents: d.periodCapCents, yearlyCents: d.yearlyCapCents, monthlyCents: d.monthlyCapCents },
    serviceLimits: limits,
    rows,
    assessment: await readAssessment(ctx.db, d.id),
    totals: [...totals.values()]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((t) => ({ code: t.code, name: t.name, unit: t.unit, units: decimalText(t.hundredths / 100), count: t.count })),
  };
}
