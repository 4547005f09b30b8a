import { and, asc, eq, gte, inArray, lt, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { employees, fundingDecisions, fundingSources, sessionParticipants, sessions, sessionSpecialists, services } from "@/db/schema";
import { isoMonth } from "@/lib/schemas";
import { nextMonthStart } from "@/lib/calendar-days";
import { requireClient } from "@/server/clients/facts";
import type { DomainContext } from "@/server/domain-context";
import { AppError } from "@/server/errors";
import { institutionLines } from "./institution";
import { decimalText, formatFor } from "@/lib/format";
import { tallinnDate } from "@/lib/tallinn-time";

// Times in the rows are read on Estonian forms.
const timeEt = formatFor("et").time;

export const attendanceInput = z.object({
  clientId: z.uuid(),
  month: isoMonth,
  /** A month without sessions is refused unless an empty sheet (to fill in by hand) is asked for. */
  empty: z.boolean().optional(),
});
export type AttendanceInput = z.infer<typeof attendanceInput>;

export type AttendanceRow = { date: string; service: string; from: string; to: string; academicHours: string; specialists: string };
export type AttendanceSheet = {
  institution: string[];
  client: { name: string; personalCode: string | null };
  month: string;
  funders: string[];
  rows: AttendanceRow[];
};

const TALLINN = "Europe/Tallinn";

/**
 * The attendance sheet (osavõtuleht) of a client for a month: one row per session given (done)
 * at which the client was not marked absent, with its length in 45-minute academic hours, as
 * Töötukassa pays travel from it. The client signs it on paper.
 */
export async function loadAttendance(ctx: DomainContext, input: AttendanceInput): Promise<AttendanceSheet> {
  const { client } = await requireClient(ctx, { clientId: input.clientId, action: "read_clinical" });
  const first = `${input.month}-01`;
  const next = nextMonthStart(input.month);
  // The month's bounds in Tallinn time, so a session at 00:30 on the 1st belongs to its own month.
  const start = sql`(${first}::date::timestamp AT TIME ZONE ${TALLINN})`;
  const end = sql`(${next}::date::timestamp AT TIME ZONE ${TALLINN})`;
  const found = await ctx.db
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      code: services.code,
      name: services.nameEt,
    })
    .from(sessionParticipants)
    .innerJoin(sessions, eq(sessions.id, sessionParticipants.sessionId))
    .innerJoin(services, eq(services.id, sessions.serviceId))
    .where(
      and(
        eq(sessionParticipants.clientId, input.clientId),
        eq(sessions.status, "done"),
        notInArray(sessionParticipants.attendance, ["absent", "excused"]),
        gte(sessions.startsAt, start),
        lt(sessions.startsAt, end),
      ),
    )
    .orderBy(asc(sessions.startsAt));
  if (found.length === 0 && !input.empty) {
    throw new AppError("CONFLICT", "errors.attendanceMonthEmpty", `The client has no sessions given in ${input.month}`, {
      field: "month",
      params: { month: input.month },
    });
  }
  const names = found.length
    ? await ctx.db
        .select({ sessionId: sessionSpecialists.sessionId, name: sql<string>`${employees.firstName} || ' ' || ${employees.lastName}` })
        .from(sessionSpecialists)
        .innerJoin(employees, eq(employees.id, sessionSpecialists.employeeId))
        .where(
          inArray(
            sessionSpecialists.sessionId,
            found.map((s) => s.id),
          ),
        )
        .orderBy(asc(employees.lastName))
    : [];
  const funders = await ctx.db
    .selectDistinct({ name: fundingSources.name })
    .from(fundingDecisions)
    .innerJoin(fundingSources, eq(fundingSources.id, fundingDecisions.fundingSourceId))
    .where(and(eq(fundingDecisions.clientId, input.clientId), lt(fundingDecisions.startDate, next), gte(fundingDecisions.endDate, first)));
  return {
    institution: await institutionLines(ctx.db),
    client: { name: `${client.firstName} ${client.lastName}`, personalCode: client.personalCode },
    month: input.month,
    funders: funders.map((f) => f.name),
    rows: found.map((s) => ({
      date: tallinnDate(s.startsAt),
      service: `${s.code} ${s.name}`,
      from: timeEt(s.startsAt),
      to: timeEt(s.endsAt),
      // Hundredths of an academic hour, from whole minutes: 90 minutes is 2.00.
      academicHours: decimalText(Math.round(((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000 / 45) * 100) / 100),
      specialists: names
        .filter((n) => n.sessionId === s.id)
        .map((n) => n.name)
        .join(", "),
    })),
  };
}
