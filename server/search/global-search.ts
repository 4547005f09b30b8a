import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import { clients, employees, fundingSources, invoices } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { containing, escapeLike } from "@/server/db/sql-helpers";
import type { DomainContext } from "@/server/domain-context";
import { invoiceVisibility } from "@/server/billing/invoices";
import { visibleEmployees } from "@/server/org/employees";
import { clientVisibility } from "@/server/policy/client-scope";
import { scopeOf } from "@/server/policy/policy";

export const globalSearchInput = z.object({ q: z.string().trim().min(2).max(100) });
const LIMIT = 8;

/**
 * The header's search: clients the person may see (by name, or a personal code from its start),
 * colleagues they may see, invoices they may read (by number from its start). Each part asks
 * the same visibility rule as its own page; a part the person has no right to is left out. The
 * audit log records that a search read client names, and how many, never what was typed (it may
 * be a personal code).
 */
export async function globalSearch({ db, actor, ip }: DomainContext<Db>, { q }: z.infer<typeof globalSearchInput>) {
  const digits = /^\d{3,11}$/.test(q);
  const [clientRows, staffRows, invoiceRows] = await Promise.all([
    db
      .select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName, birthDate: clients.birthDate })
      .from(clients)
      .where(
        and(
          clientVisibility(actor, "read"),
          digits
            ? ilike(clients.personalCode, `${escapeLike(q)}%`)
            : or(ilike(sql`${clients.firstName} || ' ' || ${clients.lastName}`, containing(q)), ilike(clients.lastName, containing(q))),
        ),
      )
      .orderBy(asc(clients.lastName), asc(clients.firstName))
      .limit(LIMIT),
    scopeOf(actor, "employees", "read") === null || digits
      ? []
      : db
          .select({ id: employees.id, firstName: employees.firstName, lastName: employees.lastName })
          .from(employees)
          .where(
            and(
              visibleEmployees(actor),
              eq(employees.active, true),
              ilike(sql`${employees.firstName} || ' ' || ${employees.lastName}`, containing(q)),
            ),
          )
          .orderBy(asc(employees.lastName), asc(employees.firstName))
          .limit(LIMIT),
    scopeOf(actor, "billing", "read") === null
      ? []
      : db
          .select({ id: invoices.id, number: invoices.number, funder: fundingSources.name, month: invoices.month, type: invoices.type })
          .from(invoices)
          .innerJoin(fundingSources, eq(fundingSources.id, invoices.fundingSourceId))
          .where(and(invoiceVisibility(actor, "read"), ilike(invoices.number, `${escapeLike(q)}%`)))
          .orderBy(asc(invoices.number))
          .limit(LIMIT),
  ]);
  if (clientRows.length > 0) {
    await recordAudit(db, {
      actorEmployeeId: actor.employeeId,
      action: "search.clients",
      ip,
      details: { clients: clientRows.length },
    });
  }
  return {
    clients: clientRows.map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}`, birthYear: c.birthDate?.slice(0, 4) ?? null })),
    staff: staffRows.map((e) => ({ id: e.id, name: `${e.firstName} ${e.lastName}` })),
    invoices: invoiceRows.map((i) => ({ id: i.id, number: i.number ?? "", funder: i.funder, month: i.month, credit: i.type === "CRE" })),
  };
}
