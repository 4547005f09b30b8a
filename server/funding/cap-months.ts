import { and, eq, sql } from "drizzle-orm";
import { serviceEntries, serviceReports } from "@/db/schema";
import { nextMonthStart } from "@/lib/calendar-days";
import type { DbOrTx } from "@/server/db/client";
import type { Decision } from "./limits";

export type CapMonth = { month: string; usedCents: number; capCents: number; confirmed: boolean };

/**
 * A monthly cap month by month over the whole decision: what each month used against the cap and
 * whether its service report is confirmed (the month is locked). The figures are the entries'
 * amounts, the same sums the service_entries trigger holds each month to.
 */
export async function capMonths(db: DbOrTx, d: Decision): Promise<CapMonth[]> {
  if (d.monthlyCapCents === null) return [];
  const [used, confirmed] = await Promise.all([
    db
      .select({
        month: sql<string>`to_char(${serviceEntries.serviceDate}, 'YYYY-MM')`,
        cents: sql<string>`sum(${serviceEntries.amountCents})`,
      })
      .from(serviceEntries)
      .where(eq(serviceEntries.decisionId, d.id))
      .groupBy(sql`1`),
    db
      .select({ month: sql<string>`to_char(${serviceReports.month}, 'YYYY-MM')` })
      .from(serviceReports)
      .where(and(eq(serviceReports.decisionId, d.id), eq(serviceReports.status, "confirmed"))),
  ]);
  const usedBy = new Map(used.map((u) => [u.month, Number(u.cents)]));
  const confirmedSet = new Set(confirmed.map((c) => c.month));
  const months: CapMonth[] = [];
  for (let m = d.startDate.slice(0, 7); m <= d.endDate.slice(0, 7); m = nextMonthStart(m).slice(0, 7)) {
    months.push({ month: m, usedCents: usedBy.get(m) ?? 0, capCents: d.monthlyCapCents, confirmed: confirmedSet.has(m) });
  }
  return months;
}
