import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { employees, fundingDecisions, fundingSources, serviceEntries, services, sessions, type BillingUnit } from "@/db/schema";
import { nextMonthStart } from "@/lib/calendar-days";
import { isoMonth } from "@/lib/schemas";
import { requireClient } from "@/server/clients/facts";
import type { DomainContext } from "@/server/domain-context";
import { AppError } from "@/server/errors";
import { loadAttendance, type AttendanceSheet } from "./attendance";
import { institutionLines } from "./institution";
import { formatFor } from "@/lib/format";

export const confirmationInput = z.object({
  clientId: z.uuid(),
  month: isoMonth,
  /** Print the month's attendance sheet in the same document, before the confirmation. */
  withAttendance: z.boolean().optional(),
});
export type ConfirmationInput = z.infer<typeof confirmationInput>;

export type ConfirmationRow = {
  date: string;
  time: string | null;
  service: string;
  funder: string;
  units: string;
  unit: BillingUnit;
  specialist: string;
};
export type Confirmation = {
  institution: string[];
  client: { name: string; personalCode: string | null; legalRepresentative: string };
  month: string;
  rows: ConfirmationRow[];
  attendance: AttendanceSheet | null;
};

const time = formatFor("et").time;

/**
 * The client's confirmation of services received (#13 item 6): every service entry of the month,
 * whichever decision pays for it, for the client (or representative) to sign. A month without
 * entries is refused with a message naming it.
 */
export async function loadConfirmation(ctx: DomainContext, input: ConfirmationInput): Promise<Confirmation> {
  const { client } = await requireClient(ctx, { clientId: input.clientId, action: "read_clinical" });
  const first = `${input.month}-01`;
  const entries = await ctx.db
    .select({
      date: serviceEntries.serviceDate,
      units: serviceEntries.units,
      unit: services.billingUnit,
      code: services.code,
      name: services.nameEt,
      funder: fundingSources.name,
      specialist: sql<string>`${employees.firstName} || ' ' || ${employees.lastName}`,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
    })
    .from(serviceEntries)
    .innerJoin(services, eq(services.id, serviceEntries.serviceId))
    .innerJoin(fundingDecisions, eq(fundingDecisions.id, serviceEntries.decisionId))
    .innerJoin(fundingSources, eq(fundingSources.id, fundingDecisions.fundingSourceId))
    .innerJoin(employees, eq(employees.id, serviceEntries.specialistId))
    .leftJoin(sessions, eq(sessions.id, serviceEntries.sessionId))
    .where(
      and(
        eq(serviceEntries.clientId, input.clientId),
        gte(serviceEntries.serviceDate, first),
        lt(serviceEntries.serviceDate, nextMonthStart(input.month)),
      ),
    )
    .orderBy(asc(serviceEntries.serviceDate), asc(sessions.startsAt), asc(serviceEntries.createdAt));
  if (entries.length === 0) {
    throw new AppError("CONFLICT", "errors.confirmationMonthEmpty", `The client has no services entered in ${input.month}`, {
      field: "month",
      params: { month: input.month },
    });
  }
  return {
    institution: await institutionLines(ctx.db),
    client: {
      name: `${client.firstName} ${client.lastName}`,
      personalCode: client.personalCode,
      legalRepresentative: client.legalRepresentative,
    },
    month: input.month,
    rows: entries.map((e) => ({
      date: e.date,
      time: e.startsAt && e.endsAt ? `${time(e.startsAt)}–${time(e.endsAt)}` : null,
      service: `${e.code} ${e.name}`,
      funder: e.funder,
      units: e.units,
      unit: e.unit,
      specialist: e.specialist,
    })),
    attendance: input.withAttendance ? await loadAttendance(ctx, { clientId: input.clientId, month: input.month, empty: true }) : null,
  };
}
