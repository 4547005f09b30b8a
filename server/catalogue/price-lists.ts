import { and, asc, count, desc, eq, gt, max, ne, sql } from "drizzle-orm";
import { fundingSources, priceListItems, priceListVersions, serviceEntries } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { AppError, invalid, notFound } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { requirePermission } from "@/server/policy/policy";
import { addDays } from "@/lib/calendar-days";
import { isCalendarDate } from "@/lib/calendar-days";
import { assertServicesExist, normaliseItems, sameItems, type PriceItem, type PriceItemInput } from "./price-items";
import type { DomainContext } from "@/server/domain-context";

export type PriceVersionInput = { validFrom: string; validTo: string | null; note: string; items: PriceItemInput[] };

// Written out in full: Drizzle leaves columns unqualified in a single-table select list, where
// a correlated subquery would read them as its own table's columns.
const entryCount = sql<number>`(SELECT count(*)::int FROM service_entries e WHERE e.price_version_id = price_list_versions.id)`;
const itemCount = sql<number>`(SELECT count(*)::int FROM price_list_items i WHERE i.version_id = price_list_versions.id)`;

/** A funding source's versions, newest first, with how many items and priced entries each has. */
export function listPriceVersions(db: DbOrTx, fundingSourceId: string) {
  return db
    .select({
      id: priceListVersions.id,
      validFrom: priceListVersions.validFrom,
      validTo: priceListVersions.validTo,
      note: priceListVersions.note,
      itemCount,
      entryCount,
    })
    .from(priceListVersions)
    .where(eq(priceListVersions.fundingSourceId, fundingSourceId))
    .orderBy(desc(priceListVersions.validFrom));
}

export async function getPriceVersion(db: DbOrTx, id: string) {
  const [version] = await db
    .select({
      id: priceListVersions.id,
      fundingSourceId: priceListVersions.fundingSourceId,
      validFrom: priceListVersions.validFrom,
      validTo: priceListVersions.validTo,
      note: priceListVersions.note,
      entryCount,
    })
    .from(priceListVersions)
    .where(eq(priceListVersions.id, id));
  if (!version) throw notFound("price list version");
  const items = await db
    .select({
      serviceId: priceListItems.serviceId,
      unitPriceCents: priceListItems.unitPriceCents,
      vatStatus: priceListItems.vatStatus,
      vatRateKind: priceListItems.vatRateKind,
    })
    .from(priceListItems)
    .where(eq(priceListItems.versionId, id));
  return { ...version, items };
}

function checkPeriod(validFrom: string, validTo: string | null) {
  if (!isCalendarDate(validFrom)) throw invalid("validFrom", "catalogueErrors.dateInvalid", `Not a date: ${validFrom}`);
  if (validTo !== null && !isCalendarDate(validTo)) throw invalid("validTo", "catalogueErrors.dateInvalid", `Not a date: ${validTo}`);
  if (validTo !== null && validTo < validFrom) {
    throw invalid("validTo", "catalogueErrors.periodEndsBeforeStart", "The period ends before it starts");
  }
}

/**
 * Version writes of one funding source queue behind a lock of its row, so the friendly overlap
 * check below sees every committed version. The exclusion constraint remains the guarantee.
 * NO KEY UPDATE: decisions being saved meanwhile (their foreign key takes KEY SHARE) do not wait.
 */
async function lockSource(tx: Tx, fundingSourceId: string) {
  const [source] = await tx
    .select({ id: fundingSources.id })
    .from(fundingSources)
    .where(eq(fundingSources.id, fundingSourceId))
    .for("no key update");
  if (!source) throw invalid("fundingSourceId", "catalogueErrors.fundingSourceMissing", "The funding source does not exist");
}

/** Refuses a period that overlaps another version of the source, naming that version's dates. */
async function assertNoOverlap(tx: Tx, fundingSourceId: string, validFrom: string, validTo: string | null, exceptId: string | null) {
  const [clash] = await tx
    .select({ validFrom: priceListVersions.validFrom, validTo: priceListVersions.validTo })
    .from(priceListVersions)
    .where(
      and(
        eq(priceListVersions.fundingSourceId, fundingSourceId),
        exceptId ? ne(priceListVersions.id, exceptId) : undefined,
        sql`daterange(${priceListVersions.validFrom}, ${priceListVersions.validTo}, '[]') && daterange(${validFrom}::date, ${validTo}::date, '[]')`,
      ),
    )
    .orderBy(asc(priceListVersions.validFrom))
    .limit(1);
  if (!clash) return;
  const startsInside = clash.validFrom <= validFrom && (clash.validTo === null || validFrom <= clash.validTo);
  const field = startsInside ? "validFrom" : "validTo";
  const from = clash.validFrom;
  if (clash.validTo === null) {
    throw new AppError(
      "CONFLICT",
      "catalogueErrors.priceVersionOverlapOpen",
      `The period overlaps the version valid from ${clash.validFrom} (open-ended)`,
      { field, params: { from } },
    );
  }
  throw new AppError(
    "CONFLICT",
    "catalogueErrors.priceVersionOverlap",
    `The period overlaps the version valid ${clash.validFrom} to ${clash.validTo}`,
    {
      field,
      params: { from, to: clash.validTo },
    },
  );
}

/**
 * How many service entries are priced from a version. SHARE mode on service_entries waits for
 * transactions that are entering service right now and holds new ones until this commits: the
 * count cannot go stale while the version changes, so no entry is priced from a half-changed one.
 */
async function lockedEntryCount(tx: Tx, versionId: string) {
  await tx.execute(sql`LOCK TABLE ${serviceEntries} IN SHARE MODE`);
  const [row] = await tx.select({ n: count() }).from(serviceEntries).where(eq(serviceEntries.priceVersionId, versionId));
  return row!.n;
}

async function readVersion(db: DbOrTx, id: string) {
  const [version] = await db.select().from(priceListVersions).where(eq(priceListVersions.id, id));
  if (!version) throw notFound("price list version");
  return version;
}

async function writeItems(tx: Tx, versionId: string, items: PriceItem[]) {
  await tx.delete(priceListItems).where(eq(priceListItems.versionId, versionId));
  if (items.length) await tx.insert(priceListItems).values(items.map((i) => ({ versionId, ...i })));
}

const auditDetails = (v: { validFrom: string; validTo: string | null; note: string }, items?: PriceItem[]) => ({
  validFrom: v.validFrom,
  validTo: v.validTo,
  note: v.note,
  ...(items ? { items } : {}),
});

async function insertVersion(
  tx: Tx,
  actor: Actor,
  fundingSourceId: string,
  input: { validFrom: string; validTo: string | null; note: string },
  items: PriceItem[],
  ip: string | null,
  copiedFrom?: string,
) {
  await assertNoOverlap(tx, fundingSourceId, input.validFrom, input.validTo, null);
  const [row] = await tx
    .insert(priceListVersions)
    .values({ fundingSourceId, validFrom: input.validFrom, validTo: input.validTo, note: input.note })
    .returning({ id: priceListVersions.id });
  await writeItems(tx, row!.id, items);
  await recordAudit(tx, {
    actorEmployeeId: actor.employeeId,
    action: "price_version.create",
    targetType: "price_list_version",
    targetId: row!.id,
    ip,
    details: { fundingSourceId, ...auditDetails(input, items), ...(copiedFrom ? { copiedFrom } : {}) },
  });
  return { id: row!.id };
}

export async function createPriceVersion({ db, actor, ip }: DomainContext<Db>, input: PriceVersionInput & { fundingSourceId: string }) {
  requirePermission(actor, "catalogue", "manage");
  checkPeriod(input.validFrom, input.validTo);
  const items = normaliseItems(input.items);
  const note = input.note.trim();
  return db.transaction(async (tx) => {
    await lockSource(tx, input.fundingSourceId);
    await assertServicesExist(tx, items);
    return insertVersion(tx, actor, input.fundingSourceId, { validFrom: input.validFrom, validTo: input.validTo, note }, items, ip);
  });
}

/**
 * Changes a version. Once service entries are priced from it, its prices and dates are history:
 * only the note may change; the person closes it and starts a new version instead.
 */
export async function updatePriceVersion({ db, actor, ip }: DomainContext<Db>, { id, ...input }: { id: string } & PriceVersionInput) {
  requirePermission(actor, "catalogue", "manage");
  checkPeriod(input.validFrom, input.validTo);
  const items = normaliseItems(input.items);
  const note = input.note.trim();
  const { fundingSourceId } = await readVersion(db, id);
  return db.transaction(async (tx) => {
    await lockSource(tx, fundingSourceId);
    const entries = await lockedEntryCount(tx, id);
    const current = await readVersion(tx, id);
    const currentItems = (await tx.select().from(priceListItems).where(eq(priceListItems.versionId, id))).map(
      ({ serviceId, unitPriceCents, vatStatus, vatRateKind }) => ({ serviceId, unitPriceCents, vatStatus, vatRateKind }),
    );
    const periodChanged = current.validFrom !== input.validFrom || current.validTo !== input.validTo;
    const itemsChanged = !sameItems(currentItems, items);
    if (entries > 0 && (periodChanged || itemsChanged)) {
      throw new AppError(
        "CONFLICT",
        "catalogueErrors.versionInUse",
        `${entries} service entries are priced from this version; close it and create a new one instead`,
        {
          params: { count: entries },
        },
      );
    }
    await assertServicesExist(tx, items);
    await assertNoOverlap(tx, fundingSourceId, input.validFrom, input.validTo, id);
    await tx
      .update(priceListVersions)
      .set({ validFrom: input.validFrom, validTo: input.validTo, note })
      .where(eq(priceListVersions.id, id));
    if (itemsChanged) await writeItems(tx, id, items);
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "price_version.update",
      targetType: "price_list_version",
      targetId: id,
      ip,
      details: { fundingSourceId, before: auditDetails(current), ...auditDetails({ ...input, note }, itemsChanged ? items : undefined) },
    });
    return { id };
  });
}

/** Sets the last day a version is valid; refused when entries priced from it lie after that day. */
async function closeInTx(tx: Tx, actor: Actor, version: typeof priceListVersions.$inferSelect, validTo: string, ip: string | null) {
  if (!isCalendarDate(validTo)) throw invalid("validTo", "catalogueErrors.dateInvalid", `Not a date: ${validTo}`);
  if (validTo < version.validFrom) {
    throw invalid("validTo", "catalogueErrors.closeBeforeStart", `The version starts on ${version.validFrom}`, {
      from: version.validFrom,
    });
  }
  await lockedEntryCount(tx, version.id);
  const [after] = await tx
    .select({ n: count(), last: max(serviceEntries.serviceDate) })
    .from(serviceEntries)
    .where(and(eq(serviceEntries.priceVersionId, version.id), gt(serviceEntries.serviceDate, validTo)));
  if (after!.n > 0) {
    throw new AppError(
      "CONFLICT",
      "catalogueErrors.entriesAfterClose",
      `${after!.n} service entries after ${validTo} are priced from this version`,
      {
        field: "validTo",
        params: { count: after!.n, last: after!.last! },
      },
    );
  }
  await assertNoOverlap(tx, version.fundingSourceId, version.validFrom, validTo, version.id);
  await tx.update(priceListVersions).set({ validTo }).where(eq(priceListVersions.id, version.id));
  await recordAudit(tx, {
    actorEmployeeId: actor.employeeId,
    action: "price_version.close",
    targetType: "price_list_version",
    targetId: version.id,
    ip,
    details: { fundingSourceId: version.fundingSourceId, validFrom: version.validFrom, validToBefore: version.validTo, validTo },
  });
}

export async function closePriceVersion({ db, actor, ip }: DomainContext<Db>, { id, validTo }: { id: string; validTo: string }) {
  requirePermission(actor, "catalogue", "manage");
  const { fundingSourceId } = await readVersion(db, id);
  await db.transaction(async (tx) => {
    await lockSource(tx, fundingSourceId);
    await closeInTx(tx, actor, await readVersion(tx, id), validTo, ip);
  });
}

/**
 * A new version with the items of an existing one ("Loo uus versioon selle põhjal"), for the next
 * regulation date. With closeSource, the source version ends the day before the new one starts,
 * in the same transaction, so there is never a day with two prices or none.
 */
export async function copyPriceVersion(
  { db, actor, ip }: DomainContext<Db>,
  input: { sourceVersionId: string; validFrom: string; validTo: string | null; note: string; closeSource: boolean },
) {
  requirePermission(actor, "catalogue", "manage");
  checkPeriod(input.validFrom, input.validTo);
  const { fundingSourceId } = await readVersion(db, input.sourceVersionId);
  return db.transaction(async (tx) => {
    await lockSource(tx, fundingSourceId);
    const source = await readVersion(tx, input.sourceVersionId);
    if (input.closeSource && (source.validTo === null || source.validTo >= input.validFrom)) {
      const dayBefore = addDays(input.validFrom, -1);
      if (dayBefore < source.validFrom) {
        throw invalid("validFrom", "catalogueErrors.copyStartsTooEarly", "The new version must start after the one it is based on", {
          from: source.validFrom,
        });
      }
      await closeInTx(tx, actor, source, dayBefore, ip);
    }
    const items = (await tx.select().from(priceListItems).where(eq(priceListItems.versionId, source.id))).map(
      ({ serviceId, unitPriceCents, vatStatus, vatRateKind }) => ({ serviceId, unitPriceCents, vatStatus, vatRateKind }),
    );
    return insertVersion(
      tx,
      actor,
      fundingSourceId,
      { validFrom: input.validFrom, validTo: input.validTo, note: input.note.trim() },
      items,
      ip,
      source.id,
    );
  });
}

/** Only a version nothing is priced from may go; its items go with it. */
export async function deletePriceVersion({ db, actor, ip }: DomainContext<Db>, { id }: { id: string }) {
  requirePermission(actor, "catalogue", "manage");
  const { fundingSourceId } = await readVersion(db, id);
  await db.transaction(async (tx) => {
    await lockSource(tx, fundingSourceId);
    const entries = await lockedEntryCount(tx, id);
    const version = await readVersion(tx, id);
    if (entries > 0) {
      throw new AppError("CONFLICT", "catalogueErrors.versionInUseDelete", `${entries} service entries are priced from this version`, {
        params: { count: entries },
      });
    }
    await tx.delete(priceListVersions).where(eq(priceListVersions.id, id));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "price_version.delete",
      targetType: "price_list_version",
      targetId: id,
      ip,
      details: { fundingSourceId, ...auditDetails(version) },
    });
  });
}
