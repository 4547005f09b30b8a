import { asc, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { clients, clientUnits, fundingSources, invoiceLines, invoices, units } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import { containing, uuidArray } from "@/server/db/sql-helpers";
import { invalid } from "@/server/errors";
import { subtreeOf } from "@/server/policy/actor";
import { scopeOf } from "@/server/policy/policy";

/**
 * The billing page's filters: the clients' unit (with its subtree), the funder and a client's
 * name or personal code, for the month's service reports and invoices alike, each with its own
 * status. Who may be billed at all is still decided by the lists' own visibility conditions.
 */

/** The chosen unit's subtree; an unknown unit is refused by name rather than matching nothing. */
export async function unitFilter(ctx: DomainContext, unitId: string | null | undefined): Promise<string[] | null> {
  if (!unitId) return null;
  const tree = await ctx.db.select({ id: units.id, parentId: units.parentId }).from(units);
  if (!tree.some((u) => u.id === unitId)) throw invalid("unitId", "errors.unknownUnit", "There is no such unit");
  return [...subtreeOf([unitId], tree)];
}

/** The client (by id column) is in the units and matches the typed name or personal code. */
export function clientFilter(clientId: AnyColumn | SQL, unitIds: string[] | null, text: string | null | undefined): SQL[] {
  const conditions: SQL[] = [];
  if (unitIds)
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${clientUnits} WHERE ${clientUnits.clientId} = ${clientId} AND ${clientUnits.unitId} = ANY(${uuidArray(unitIds)}))`,
    );
  // Aliased: the list's own query may already have `clients` in its FROM.
  if (text)
    conditions.push(sql`EXISTS (SELECT 1 FROM ${clients} filter_client WHERE filter_client.id = ${clientId}
      AND (filter_client.first_name || ' ' || filter_client.last_name ILIKE ${containing(text)} OR filter_client.personal_code = ${text}))`);
  return conditions;
}

/** An invoice is for the unit or client when the invoice or any of its lines is for such a client. */
export function invoiceClientFilter(unitIds: string[] | null, text: string | null | undefined): SQL | undefined {
  const onLine = clientFilter(invoiceLines.clientId, unitIds, text);
  const onInvoice = clientFilter(invoices.clientId, unitIds, text);
  if (onLine.length === 0) return undefined;
  return sql`((${sql.join(onInvoice, sql` AND `)})
    OR EXISTS (SELECT 1 FROM ${invoiceLines} WHERE ${invoiceLines.invoiceId} = ${invoices.id} AND ${sql.join(onLine, sql` AND `)}))`;
}

/** The choices of the filter bar: units within the viewer's billing reach, and the funders. */
export async function billingFilterOptions(ctx: DomainContext) {
  const scope = scopeOf(ctx.actor, "billing", "read");
  const [unitRows, funders] = await Promise.all([
    ctx.db.select({ id: units.id, name: units.name, parentId: units.parentId }).from(units).orderBy(asc(units.name)),
    ctx.db.select({ id: fundingSources.id, name: fundingSources.name }).from(fundingSources).orderBy(asc(fundingSources.name)),
  ]);
  return {
    units: scope === "all" ? unitRows : unitRows.filter((u) => ctx.actor.unitSubtree.has(u.id)),
    funders,
  };
}

export const funderIs = (column: AnyColumn, id: string | null | undefined) => (id ? eq(column, id) : undefined);
