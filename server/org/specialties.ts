import { asc, eq } from "drizzle-orm";
import { specialties } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { invalid, notFound } from "@/server/errors";
import type { DomainContext } from "@/server/domain-context";

export type SpecialtyInput = { code: string; nameEt: string; nameEn: string; active: boolean };

export const listSpecialties = (db: DbOrTx) => db.select().from(specialties).orderBy(asc(specialties.nameEt));

function validate(input: SpecialtyInput) {
  if (!/^[a-z0-9_-]{2,40}$/.test(input.code)) {
    throw invalid("code", "errors.specialtyCodeFormat", "Use 2-40 lower-case letters, digits, - or _");
  }
  if (!input.nameEt.trim()) throw invalid("nameEt", "errors.required", "The Estonian name is required");
  if (!input.nameEn.trim()) throw invalid("nameEn", "errors.required", "The English name is required");
}

export async function saveSpecialty({ db, actor, ip }: DomainContext<Db>, { id, ...input }: { id: string | null } & SpecialtyInput) {
  validate(input);
  return db.transaction(async (tx) => {
    const values = { code: input.code, nameEt: input.nameEt.trim(), nameEn: input.nameEn.trim(), active: input.active };
    let targetId = id;
    if (id) {
      const updated = await tx.update(specialties).set(values).where(eq(specialties.id, id)).returning({ id: specialties.id });
      if (updated.length === 0) throw notFound("specialty");
    } else {
      const [row] = await tx.insert(specialties).values(values).returning({ id: specialties.id });
      targetId = row!.id;
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: id ? "specialty.update" : "specialty.create",
      targetType: "specialty",
      targetId,
      ip,
      details: values,
    });
    return { id: targetId! };
  });
}

export async function deleteSpecialty({ db, actor, ip }: DomainContext<Db>, { id }: { id: string }) {
  await db.transaction(async (tx) => {
    const deleted = await tx.delete(specialties).where(eq(specialties.id, id)).returning({ code: specialties.code });
    if (deleted.length === 0) throw notFound("specialty");
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "specialty.delete",
      targetType: "specialty",
      targetId: id,
      ip,
      details: { code: deleted[0]!.code },
    });
  });
}
