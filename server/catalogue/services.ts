import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { BILLING_UNITS, services, specialties, VAT_STATUSES, type BillingUnit, type VatStatus } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { invalid, notFound } from "@/server/errors";
import { requirePermission } from "@/server/policy/policy";
import { containing } from "@/server/db/sql-helpers";
import type { DomainContext } from "@/server/domain-context";

export type ServiceInput = {
  code: string;
  nameEt: string;
  nameEn: string;
  specialtyId: string | null;
  isGroup: boolean;
  /** Only for group services; null = no maximum. */
  maxGroupSize: number | null;
  billingUnit: BillingUnit;
  vatStatus: VatStatus;
  active: boolean;
};

/**
 * `bookable`: billed by time (hour, academic hour, session), so it can be booked as a session.
 * Asked of billed_by_time (db/functions/billed_by_time.sql), the function the sessions trigger enforces with.
 */
export type ServiceRow = ServiceInput & { id: string; bookable: boolean };

export type ServiceFilter = { activeOnly?: boolean; search?: string };

/** The service catalogue by code. Shape kept stable: the entry forms use it. */
export function listServices(db: DbOrTx, filter: ServiceFilter = {}): Promise<ServiceRow[]> {
  const where: SQL[] = [];
  if (filter.activeOnly) where.push(eq(services.active, true));
  const text = filter.search?.trim();
  if (text) {
    const like = containing(text);
    where.push(or(ilike(services.code, like), ilike(services.nameEt, like), ilike(services.nameEn, like))!);
  }
  return db
    .select({
      id: services.id,
      code: services.code,
      nameEt: services.nameEt,
      nameEn: services.nameEn,
      specialtyId: services.specialtyId,
      isGroup: services.isGroup,
      maxGroupSize: services.maxGroupSize,
      billingUnit: services.billingUnit,
      vatStatus: services.vatStatus,
      active: services.active,
      bookable: sql<boolean>`billed_by_time(${services.billingUnit})`,
    })
    .from(services)
    .where(and(...where))
    .orderBy(asc(services.code));
}

function normalise(input: ServiceInput): ServiceInput {
  const code = input.code.trim();
  if (!/^[A-Za-z0-9._-]{1,20}$/.test(code)) {
    throw invalid("code", "catalogueErrors.serviceCodeFormat", "Use 1-20 letters, digits, '.', '-' or '_'");
  }
  if (!input.nameEt.trim()) throw invalid("nameEt", "errors.required", "The Estonian name is required");
  if (!input.nameEn.trim()) throw invalid("nameEn", "errors.required", "The English name is required");
  if (!BILLING_UNITS.includes(input.billingUnit))
    throw invalid("billingUnit", "catalogueErrors.billingUnitUnknown", `Unknown billing unit ${input.billingUnit}`);
  if (!VAT_STATUSES.includes(input.vatStatus))
    throw invalid("vatStatus", "catalogueErrors.vatStatusUnknown", `Unknown VAT status ${input.vatStatus}`);
  const maxGroupSize = input.isGroup ? input.maxGroupSize : null;
  if (maxGroupSize !== null && !(Number.isInteger(maxGroupSize) && maxGroupSize >= 2 && maxGroupSize <= 100)) {
    throw invalid("maxGroupSize", "catalogueErrors.groupSizeRange", "A group has room for 2 to 100 participants", { min: 2, max: 100 });
  }
  return {
    code,
    nameEt: input.nameEt.trim(),
    nameEn: input.nameEn.trim(),
    specialtyId: input.specialtyId,
    isGroup: input.isGroup,
    maxGroupSize,
    billingUnit: input.billingUnit,
    vatStatus: input.vatStatus,
    active: input.active,
  };
}

export async function saveService({ db, actor, ip }: DomainContext<Db>, { id, ...input }: { id: string | null } & ServiceInput) {
  requirePermission(actor, "catalogue", "manage");
  const values = normalise(input);
  return db.transaction(async (tx) => {
    if (values.specialtyId) {
      const [specialty] = await tx
        .select({ id: specialties.id, active: specialties.active, name: specialties.nameEt })
        .from(specialties)
        .where(eq(specialties.id, values.specialtyId));
      if (!specialty) throw invalid("specialtyId", "catalogueErrors.specialtyMissing", "The chosen specialty does not exist");
      // A retired specialty stays on the services that have it, but is given to no other.
      const [current] = id ? await tx.select({ specialtyId: services.specialtyId }).from(services).where(eq(services.id, id)) : [];
      if (!specialty.active && current?.specialtyId !== specialty.id) {
        throw invalid("specialtyId", "errors.specialtyRetired", `The specialty ${specialty.name} is no longer in use`, {
          specialty: specialty.name,
        });
      }
    }
    let targetId = id;
    if (id) {
      const updated = await tx.update(services).set(values).where(eq(services.id, id)).returning({ id: services.id });
      if (updated.length === 0) throw notFound("service");
    } else {
      const [row] = await tx.insert(services).values(values).returning({ id: services.id });
      targetId = row!.id;
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: id ? "service.update" : "service.create",
      targetType: "service",
      targetId,
      ip,
      details: { ...values },
    });
    return { id: targetId! };
  });
}
