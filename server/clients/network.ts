import { and, eq } from "drizzle-orm";
import { clientAccessGrants, clientNetworkContacts, employees } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { AppError, forbidden, invalid, notFound } from "@/server/errors";
import { canReadClinical, scopeOf } from "@/server/policy/policy";
import type { NetworkContactInput } from "./schemas";
import { requireClient } from "./facts";
import type { DomainContext } from "@/server/domain-context";

export { contactInput, saveContactInput, type NetworkContactInput } from "./schemas";

/**
 * The network is part of the clinical record (hidden without clients:read_clinical), so changing
 * it takes both the update and the clinical permission: nobody edits contacts they cannot see.
 */
async function requireNetworkWriter(ctx: DomainContext, clientId: string) {
  const { facts } = await requireClient(ctx, { clientId, action: "update" });
  if (!canReadClinical(ctx.actor, facts)) {
    throw new AppError("FORBIDDEN", "errors.clinicalForbidden", "The network is clinical; changing it takes clients:read_clinical");
  }
}

export async function saveNetworkContact(
  { db, actor, ip }: DomainContext<Db>,
  { clientId, id, ...input }: { clientId: string; id: string | null } & NetworkContactInput,
) {
  if (!input.name.trim()) throw invalid("name", "errors.required", "The name is required");
  return db.transaction(async (tx) => {
    await requireNetworkWriter({ db: tx, actor, ip }, clientId);
    const v = {
      ...input,
      name: input.name.trim(),
      organisation: input.organisation.trim(),
      phone: input.phone?.trim() || null,
      email: input.email?.trim() || null,
      consents: [...new Set(input.consents)],
    };
    let contactId = id;
    if (id) {
      const updated = await tx
        .update(clientNetworkContacts)
        .set(v)
        .where(and(eq(clientNetworkContacts.id, id), eq(clientNetworkContacts.clientId, clientId)))
        .returning({ id: clientNetworkContacts.id });
      if (!updated.length) throw notFound("contact");
    } else {
      const [row] = await tx
        .insert(clientNetworkContacts)
        .values({ ...v, clientId })
        .returning({ id: clientNetworkContacts.id });
      contactId = row!.id;
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: id ? "client.network_update" : "client.network_add",
      clientId,
      targetType: "network_contact",
      targetId: contactId,
      ip,
      details: { kind: input.kind, consents: v.consents },
    });
    return { id: contactId! };
  });
}

export async function deleteNetworkContact({ db, actor, ip }: DomainContext<Db>, { clientId, id }: { clientId: string; id: string }) {
  await db.transaction(async (tx) => {
    await requireNetworkWriter({ db: tx, actor, ip }, clientId);
    const deleted = await tx
      .delete(clientNetworkContacts)
      .where(and(eq(clientNetworkContacts.id, id), eq(clientNetworkContacts.clientId, clientId)))
      .returning({ id: clientNetworkContacts.id });
    if (!deleted.length) throw notFound("contact");
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "client.network_delete",
      clientId,
      targetType: "network_contact",
      targetId: id,
      ip,
    });
  });
}

/**
 * Explicit access to one client's data for someone outside the team, always with a reason and
 * an end. Decided by the case manager (with the client) or by someone who manages all clients.
 */
export async function grantAccess(
  { db, actor, ip }: DomainContext<Db>,
  { clientId, ...input }: { clientId: string } & { employeeId: string; reason: string; validUntil: Date },
) {
  if (!input.reason.trim()) throw invalid("reason", "errors.grantReasonRequired", "Give the reason for the access");
  if (input.validUntil.getTime() <= Date.now()) throw invalid("validUntil", "errors.grantEndInPast", "The access must end in the future");
  return db.transaction(async (tx) => {
    const { client } = await requireClient({ db: tx, actor, ip }, { clientId, action: "read" });
    if (client.caseManagerId !== actor.employeeId && scopeOf(actor, "clients", "update") !== "all") throw forbidden();
    const [person] = await tx.select({ active: employees.active }).from(employees).where(eq(employees.id, input.employeeId));
    if (!person?.active) throw invalid("employeeId", "errors.employeeInactive", "The employee must be active");
    const [row] = await tx
      .insert(clientAccessGrants)
      .values({
        clientId,
        employeeId: input.employeeId,
        grantedBy: actor.employeeId,
        reason: input.reason.trim(),
        validUntil: input.validUntil,
      })
      .returning({ id: clientAccessGrants.id });
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "client.access_grant",
      clientId,
      targetType: "employee",
      targetId: input.employeeId,
      ip,
      details: { reason: input.reason.trim(), validUntil: input.validUntil.toISOString() },
    });
    return { id: row!.id };
  });
}

export async function revokeAccess({ db, actor, ip }: DomainContext<Db>, { clientId, grantId }: { clientId: string; grantId: string }) {
  await db.transaction(async (tx) => {
    const { client } = await requireClient({ db: tx, actor, ip }, { clientId, action: "read" });
    if (client.caseManagerId !== actor.employeeId && scopeOf(actor, "clients", "update") !== "all") throw forbidden();
    const updated = await tx
      .update(clientAccessGrants)
      .set({ revokedAt: new Date() })
      .where(and(eq(clientAccessGrants.id, grantId), eq(clientAccessGrants.clientId, clientId)))
      .returning({ employeeId: clientAccessGrants.employeeId });
    if (!updated.length) throw notFound("grant");
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "client.access_revoke",
      clientId,
      targetType: "employee",
      targetId: updated[0]!.employeeId,
      ip,
    });
  });
}
