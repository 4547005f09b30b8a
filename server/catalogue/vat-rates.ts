import { and, asc, eq, ne, sql } from "drizzle-orm";
import { vatRates } from "@/db/schema";
import { normaliseVatPercent, type VatRateInput } from "@/lib/vat-rates";
import { recordAudit } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { AppError, notFound } from "@/server/errors";
import { requirePermission } from "@/server/policy/policy";

export { vatRateInput, type VatRateInput } from "@/lib/vat-rates";

/**
 * The dated VAT rate table (KMS § 15), maintained in Haldus. Service entries take the rate of
 * their price-list item's kind valid on the service date (db/functions/service_entries_price_and_limits.sql), so a month
 * across a rate change is invoiced as one line per rate. Editing a row does not re-price entries
 * already made: their rate is history, like their price.
 */

export type VatRateRow = typeof vatRates.$inferSelect;

/** Everyone signed in reads the table (price-list forms show today's rate of each kind). */
export function listVatRates(ctx: DomainContext): Promise<VatRateRow[]> {
  return ctx.db.select().from(vatRates).orderBy(asc(vatRates.kind), asc(vatRates.validFrom));
}

/** Adds (id null) or changes a rate; an overlap with another rate of the kind is refused naming it. */
export async function saveVatRate(ctx: DomainContext<Db>, input: VatRateInput): Promise<VatRateRow> {
  requirePermission(ctx.actor, "catalogue", "manage");
  const values = {
    kind: input.kind,
    rate: normaliseVatPercent(input.rate),
    validFrom: input.validFrom,
    validTo: input.validTo,
    note: input.note.trim(),
  };
  return ctx.db.transaction(async (tx) => {
    // Saves of one kind queue here, so the friendly check sees every committed row; the exclusion constraint stays the guarantee.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('vat_rates'), hashtext(${input.kind}))`);
    await assertNoOverlap(tx, input);
    let row: VatRateRow | undefined;
    if (input.id) {
      [row] = await tx.update(vatRates).set(values).where(eq(vatRates.id, input.id)).returning();
      if (!row) throw notFound("VAT rate");
    } else {
      [row] = await tx.insert(vatRates).values(values).returning();
    }
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: input.id ? "vatRate.update" : "vatRate.create",
      targetType: "vat_rate",
      targetId: row!.id,
      ip: ctx.ip,
      details: values,
    });
    return row!;
  });
}

export async function deleteVatRate(ctx: DomainContext<Db>, input: { id: string }): Promise<void> {
  requirePermission(ctx.actor, "catalogue", "manage");
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(vatRates).where(eq(vatRates.id, input.id)).returning();
    if (!row) throw notFound("VAT rate");
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "vatRate.delete",
      targetType: "vat_rate",
      targetId: row.id,
      ip: ctx.ip,
      details: { kind: row.kind, rate: row.rate, validFrom: row.validFrom, validTo: row.validTo },
    });
  });
}

async function assertNoOverlap(tx: Tx, input: VatRateInput) {
  const [clash] = await tx
    .select()
    .from(vatRates)
    .where(
      and(
        eq(vatRates.kind, input.kind),
        input.id ? ne(vatRates.id, input.id) : undefined,
        sql`daterange(${vatRates.validFrom}, ${vatRates.validTo}, '[]') && daterange(${input.validFrom}::date, ${input.validTo}::date, '[]')`,
      ),
    )
    .orderBy(asc(vatRates.validFrom))
    .limit(1);
  if (!clash) return;
  const startsInside = clash.validFrom <= input.validFrom && (clash.validTo === null || input.validFrom <= clash.validTo);
  const params = { rate: Number(clash.rate), from: clash.validFrom, to: clash.validTo ? clash.validTo : "" };
  const key = clash.validTo ? "vatErrors.overlap" : "vatErrors.overlapOpen";
  throw new AppError(
    "CONFLICT",
    key,
    `The period overlaps the ${input.kind} rate ${Number(clash.rate)} % valid from ${clash.validFrom}${clash.validTo ? ` to ${clash.validTo}` : ""}`,
    {
      field: startsInside ? "validFrom" : "validTo",
      params,
    },
  );
}
