import { sql } from "drizzle-orm";
import { customPlan } from "@/server/db/prepared-statements";
import { z } from "zod";
import type { DomainContext } from "@/server/domain-context";
import { recordAudit } from "@/server/audit/audit";
import { uuidArray } from "@/server/db/sql-helpers";
import { clientVisibility } from "@/server/policy/client-scope";
import { clientsInReport, clientsInput, groupsOf, isNewIn } from "./clients";
import { resolveScope } from "./filters";

/**
 * Drill-down of the clients report: the clients a count is made of (one row's, or the totals'
 * with key null; `onlyNew` for the "new" column). The same clients the report counted; each is
 * named and linked only where the client policy reaches, the others are counted as hidden.
 */

export const clientRowsInput = clientsInput.and(z.object({ key: z.string().max(100).nullable(), onlyNew: z.boolean().default(false) }));
export type ClientRowsInput = z.infer<typeof clientRowsInput>;
export const CLIENT_DRILL_LIMIT = 500;

type Named = { id: string; name: string; units: string | null };

export async function clientRows(ctx: DomainContext, input: ClientRowsInput) {
  const scope = await resolveScope(ctx, input);
  const f = scope.filters;
  const by = input.by ?? "funder";
  const counted = (await clientsInReport(ctx, scope, by)).filter(
    (c) => (input.key === null || groupsOf(c, by, f.to).some((g) => g.key === input.key)) && (!input.onlyNew || isNewIn(c, f)),
  );
  const ids = counted.map((c) => c.id);
  const named =
    ids.length === 0
      ? []
      : [
          ...(await ctx.db.execute<Named>(
            customPlan(sql`
        SELECT clients.id, clients.first_name || ' ' || clients.last_name AS name,
          (SELECT string_agg(u.name, ', ' ORDER BY u.name) FROM client_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.client_id = clients.id) AS units
        FROM clients WHERE clients.id = ANY(${uuidArray(ids)}) AND ${clientVisibility(ctx.actor)}
        ORDER BY clients.last_name, clients.first_name, clients.id
        LIMIT ${CLIENT_DRILL_LIMIT}`),
          )),
        ];
  const firstStart = new Map(counted.map((c) => [c.id, c.first_start]));
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "report.drill",
    ip: ctx.ip,
    details: { report: "clients", by, key: input.key, onlyNew: input.onlyNew ?? false, from: f.from, to: f.to, rows: named.length },
  });
  return {
    total: counted.length,
    /** Counted but outside the viewer's client policy: in the figure, not named here. */
    hidden: counted.length - named.length > 0 && named.length < CLIENT_DRILL_LIMIT ? counted.length - named.length : 0,
    rows: named.map((r) => ({
      id: r.id,
      clientId: r.id,
      clientName: r.name,
      units: r.units ?? "",
      firstDecision: firstStart.get(r.id) ?? null,
    })),
  };
}
