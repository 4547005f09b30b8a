import { and, asc, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import {
  clientAccessGrants,
  clientNetworkContacts,
  clients,
  clientTeamMembers,
  clientUnits,
  employees,
  fundingDecisions,
  fundingSources,
  units,
} from "@/db/schema";
import { isValidPersonalCode } from "@/lib/identifiers";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { AppError, forbidden, invalid } from "@/server/errors";
import { subtreeOf, type Actor } from "@/server/policy/actor";
import { clientVisibility, clinicalVisibility } from "@/server/policy/client-scope";
import { can, canEnterServices, canOnClient, canReadClinical, scopeOf } from "@/server/policy/policy";
import { requireClient } from "./facts";
import { mayReadAccessHistory } from "./privacy";
import { containing } from "@/server/db/sql-helpers";
import type { DomainContext } from "@/server/domain-context";
import type { ClientInput } from "./schemas";

export { clientInput, optionalText, updateClientInput, type ClientInput } from "./schemas";

export type ClientFilter = {
  search?: string;
  unitId?: string;
  caseManagerId?: string;
  fundingSourceId?: string;
  limit?: number;
  /** Keyset paging (the exports): the rows after this client in the list's order. */
  after?: string;
};

/**
 * What a search text looks for, for the audit log: the text itself is not kept, since a personal
 * code typed in is exactly what the trace must not repeat; the ids shown say whom it found.
 */
export function searchKindOf(text: string): "name" | "personalCode" | "partialCode" {
  const compact = text.replace(/\s/g, "");
  if (!/^\d+$/.test(compact)) return "name";
  return compact.length === 11 && isValidPersonalCode(compact) ? "personalCode" : "partialCode";
}

/**
 * The clients the actor may see, filtered; a client outside their reach never appears. A search
 * is an audit row naming the clients it showed, so each one's access history finds it.
 */
export async function listClients({ db, actor, ip }: DomainContext, filter: ClientFilter = {}) {
  const where: SQL[] = [clientVisibility(actor, "read"), isNull(clients.anonymisedAt)];
  const search = filter.search?.trim();
  if (search) {
    const like = containing(search);
    where.push(
      or(
        ilike(clients.firstName, like),
        ilike(clients.lastName, like),
        ilike(clients.personalCode, like),
        ilike(sql`${clients.firstName} || ' ' || ${clients.lastName}`, like),
      )!,
    );
  }
  if (filter.caseManagerId) where.push(eq(clients.caseManagerId, filter.caseManagerId));
  if (filter.unitId) {
    const tree = await db.select({ id: units.id, parentId: units.parentId }).from(units);
    const subtree = [...subtreeOf([filter.unitId], tree)];
    where.push(
      sql`EXISTS (SELECT 1 FROM ${clientUnits} WHERE ${clientUnits.clientId} = ${clients.id} AND ${clientUnits.unitId} IN ${subtree})`,
    );
  }
  if (filter.fundingSourceId) {
    // Who is funded by whom is part of the clinical record: the filter answers only within it.
    where.push(clinicalVisibility(actor));
    where.push(sql`EXISTS (SELECT 1 FROM ${fundingDecisions} WHERE ${fundingDecisions.clientId} = ${clients.id}
      AND ${fundingDecisions.fundingSourceId} = ${filter.fundingSourceId} AND ${fundingDecisions.endDate} >= current_date)`);
  }
  if (filter.after) {
    where.push(
      sql`(${clients.lastName}, ${clients.firstName}, ${clients.id}) > (SELECT c.last_name, c.first_name, c.id FROM ${clients} c WHERE c.id = ${filter.after})`,
    );
  }
  const rows = await db
    .select({
      id: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      personalCode: clients.personalCode,
      birthDate: clients.birthDate,
      caseManagerId: clients.caseManagerId,
      caseManagerName: sql<string | null>`${employees.firstName} || ' ' || ${employees.lastName}`,
      clinical: sql<boolean>`${clinicalVisibility(actor)}`,
    })
    .from(clients)
    .leftJoin(employees, eq(employees.id, clients.caseManagerId))
    .where(and(...where))
    .orderBy(asc(clients.lastName), asc(clients.firstName), asc(clients.id))
    .limit(filter.limit ?? 200);
  const ids = rows.map((r) => r.id);
  if (search) {
    await recordAudit(db, {
      actorEmployeeId: actor.employeeId,
      action: "client.search",
      clientId: ids.length === 1 ? ids[0] : null,
      targetType: "client",
      targetId: null,
      ip,
      details: { view: "clientList", searchKind: searchKindOf(search), hits: ids.length, clientIds: ids },
    });
  }
  const [unitRows, decisionRows] = ids.length
    ? await Promise.all([
        db
          .select({ clientId: clientUnits.clientId, name: units.name })
          .from(clientUnits)
          .innerJoin(units, eq(units.id, clientUnits.unitId))
          .where(inArray(clientUnits.clientId, ids)),
        db
          .select({ clientId: fundingDecisions.clientId, kind: fundingDecisions.fundingKind, source: fundingSources.name })
          .from(fundingDecisions)
          .innerJoin(fundingSources, eq(fundingSources.id, fundingDecisions.fundingSourceId))
          .where(
            and(
              inArray(fundingDecisions.clientId, ids),
              sql`current_date BETWEEN ${fundingDecisions.startDate} AND ${fundingDecisions.endDate}`,
            ),
          ),
      ])
    : [[], []];
  return rows.map(({ clinical, ...r }) => ({
    ...r,
    unitNames: unitRows
      .filter((u) => u.clientId === r.id)
      .map((u) => u.name)
      .sort(),
    currentFunding: clinical ? decisionRows.filter((d) => d.clientId === r.id).map((d) => ({ kind: d.kind, source: d.source })) : [],
  }));
}

/**
 * The client's record for the overview; every call is a read in the audit log. Without the
 * clinical permission it is the administrative record: no notes, no network.
 */
export async function getClient({ db, actor, ip }: DomainContext<Db>, { clientId }: { clientId: string }) {
  const { client, facts } = await requireClient({ db, actor, ip }, { clientId, action: "read" });
  const clinical = canReadClinical(actor, facts);
  const [unitRows, team, network, grants, caseManager] = await Promise.all([
    db
      .select({ id: units.id, name: units.name })
      .from(clientUnits)
      .innerJoin(units, eq(units.id, clientUnits.unitId))
      .where(eq(clientUnits.clientId, clientId)),
    db
      .select({ id: employees.id, firstName: employees.firstName, lastName: employees.lastName, active: employees.active })
      .from(clientTeamMembers)
      .innerJoin(employees, eq(employees.id, clientTeamMembers.employeeId))
      .where(eq(clientTeamMembers.clientId, clientId)),
    clinical
      ? db.select().from(clientNetworkContacts).where(eq(clientNetworkContacts.clientId, clientId)).orderBy(asc(clientNetworkContacts.name))
      : Promise.resolve([]),
    db
      .select({
        id: clientAccessGrants.id,
        employeeId: clientAccessGrants.employeeId,
        reason: clientAccessGrants.reason,
        validFrom: clientAccessGrants.validFrom,
        validUntil: clientAccessGrants.validUntil,
        revokedAt: clientAccessGrants.revokedAt,
        employeeName: sql<string>`${employees.firstName} || ' ' || ${employees.lastName}`,
      })
      .from(clientAccessGrants)
      .innerJoin(employees, eq(employees.id, clientAccessGrants.employeeId))
      .where(eq(clientAccessGrants.clientId, clientId)),
    client.caseManagerId
      ? db
          .select({ id: employees.id, firstName: employees.firstName, lastName: employees.lastName })
          .from(employees)
          .where(eq(employees.id, client.caseManagerId))
      : Promise.resolve([]),
  ]);
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "client.read",
    clientId,
    targetType: "client",
    targetId: clientId,
    ip,
    details: { view: clinical ? "overview" : "overview_administrative" },
  });
  const mayUpdate = canOnClient(actor, "update", facts);
  const mayManageAccess = client.caseManagerId === actor.employeeId || scopeOf(actor, "clients", "update") === "all";
  return {
    client: clinical ? client : { ...client, notes: "" },
    units: unitRows,
    caseManager: caseManager[0] ?? null,
    team,
    network,
    grants: mayManageAccess ? grants : [],
    can: {
      readClinical: clinical,
      update: mayUpdate,
      manageAccess: mayManageAccess,
      // The network is clinical: changed by who may change the record and read the clinical part.
      editNetwork: mayUpdate && clinical,
      addEntries: clinical && canEnterServices(actor, facts),
      // The same rule as accessHistory itself, so the view is offered exactly to those it answers.
      seeAccessHistory: mayReadAccessHistory(actor, facts),
      export: can(actor, "clients", "export") && canOnClient(actor, "export", facts),
      anonymise: can(actor, "clients", "delete") && canOnClient(actor, "delete", facts),
    },
  };
}

function validate(input: ClientInput) {
  const code = input.personalCode?.trim() || null;
  if (code && !isValidPersonalCode(code)) {
    throw invalid("personalCode", "errors.personalCodeInvalid", `Invalid personal code ${code}`);
  }
  if (!code && !input.birthDate) {
    throw invalid("birthDate", "errors.clientNeedsCodeOrBirthDate", "Give a personal code or, for a foreign client, a birth date");
  }
  if (input.birthDate && (!/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate) || input.birthDate > new Date().toISOString().slice(0, 10))) {
    throw invalid("birthDate", "errors.birthDateInvalid", "The birth date is not a past date");
  }
  if (!input.firstName.trim()) throw invalid("firstName", "errors.required", "First name is required");
  if (!input.lastName.trim()) throw invalid("lastName", "errors.required", "Last name is required");
  if (input.unitIds.length === 0) throw invalid("unitIds", "errors.unitRequired", "Choose at least one unit");
}

/** Units a client may be put into by this actor: anywhere with scope all, else their own subtree. */
function assertUnitsAllowed(actor: Actor, action: "create" | "update", unitIds: string[]) {
  if (scopeOf(actor, "clients", action) === "all") return;
  for (const id of unitIds)
    if (!actor.unitSubtree.has(id)) throw invalid("unitIds", "errors.unitOutsideScope", "You cannot place a client in that unit");
}

async function assertCaseManager(db: DbOrTx, caseManagerId: string | null) {
  if (!caseManagerId) return;
  const [row] = await db.select({ active: employees.active }).from(employees).where(eq(employees.id, caseManagerId));
  if (!row?.active) throw invalid("caseManagerId", "errors.employeeInactive", "The case manager must be an active employee");
}

const values = (input: ClientInput) => ({
  personalCode: input.personalCode?.trim() || null,
  birthDate: input.birthDate || null,
  firstName: input.firstName.trim(),
  lastName: input.lastName.trim(),
  email: input.email?.trim() || null,
  phone: input.phone?.trim() || null,
  address: input.address.trim(),
  county: input.county ?? null,
  ...(input.legalRepresentative !== undefined ? { legalRepresentative: input.legalRepresentative.trim() } : {}),
  preferredLanguage: input.preferredLanguage,
  notes: input.notes,
  caseManagerId: input.caseManagerId,
});

async function assertCodeFree(db: DbOrTx, code: string | null, exceptId?: string) {
  if (!code) return;
  const [other] = await db.select({ id: clients.id }).from(clients).where(eq(clients.personalCode, code));
  if (other && other.id !== exceptId) {
    throw new AppError("CONFLICT", "errors.clientPersonalCodeTaken", "A client with this personal code already exists", {
      field: "personalCode",
    });
  }
}

export async function createClient({ db, actor, ip }: DomainContext<Db>, input: ClientInput) {
  validate(input);
  // Someone who only reaches their own clients becomes the case manager of the ones they open.
  const caseManagerId = input.caseManagerId ?? (scopeOf(actor, "clients", "create") === "own" ? actor.employeeId : null);
  if (scopeOf(actor, "clients", "create") === "own" && caseManagerId !== actor.employeeId) throw forbidden();
  assertUnitsAllowed(actor, "create", input.unitIds);
  return db.transaction(async (tx) => {
    await assertCaseManager(tx, caseManagerId);
    await assertCodeFree(tx, input.personalCode?.trim() || null);
    const [row] = await tx
      .insert(clients)
      .values({ ...values({ ...input, caseManagerId }), createdBy: actor.employeeId })
      .returning({ id: clients.id });
    await tx.insert(clientUnits).values(input.unitIds.map((unitId) => ({ clientId: row!.id, unitId })));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "client.create",
      clientId: row!.id,
      targetType: "client",
      targetId: row!.id,
      ip,
    });
    return { id: row!.id };
  });
}

export async function updateClient({ db, actor, ip }: DomainContext<Db>, { clientId, ...input }: { clientId: string } & ClientInput) {
  validate(input);
  await db.transaction(async (tx) => {
    const { client, facts } = await requireClient({ db: tx, actor, ip }, { clientId, action: "update" });
    if (client.anonymisedAt) throw invalid("clientId", "errors.clientAnonymised", "The client has been anonymised");
    // Someone who was shown the record without its notes must not blank them by saving it.
    if (!canReadClinical(actor, facts)) input = { ...input, notes: client.notes };
    assertUnitsAllowed(actor, "update", input.unitIds);
    if (input.caseManagerId !== client.caseManagerId) await assertCaseManager(tx, input.caseManagerId);
    await assertCodeFree(tx, input.personalCode?.trim() || null, clientId);
    await tx.update(clients).set(values(input)).where(eq(clients.id, clientId));
    await tx.delete(clientUnits).where(eq(clientUnits.clientId, clientId));
    await tx.insert(clientUnits).values(input.unitIds.map((unitId) => ({ clientId, unitId })));
    // Field names only: the audit log must not become a second copy of the client's data.
    const changed = Object.entries(values(input))
      .filter(([k, v]) => (client as Record<string, unknown>)[k] !== v)
      .map(([k]) => k);
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "client.update",
      clientId,
      targetType: "client",
      targetId: clientId,
      ip,
      details: { changed },
    });
  });
}

export async function setTeam(
  { db, actor, ip }: DomainContext<Db>,
  { clientId, employeeIds }: { clientId: string; employeeIds: string[] },
) {
  await db.transaction(async (tx) => {
    await requireClient({ db: tx, actor, ip }, { clientId, action: "update" });
    const unique = [...new Set(employeeIds)];
    if (unique.length) {
      const found = await tx.select({ id: employees.id, active: employees.active }).from(employees).where(inArray(employees.id, unique));
      if (found.length !== unique.length || found.some((e) => !e.active)) {
        throw invalid("employeeIds", "errors.employeeInactive", "Team members must be active employees");
      }
    }
    await tx.delete(clientTeamMembers).where(eq(clientTeamMembers.clientId, clientId));
    if (unique.length) await tx.insert(clientTeamMembers).values(unique.map((employeeId) => ({ clientId, employeeId })));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "client.team_set",
      clientId,
      targetType: "client",
      targetId: clientId,
      ip,
      details: { employeeIds: unique },
    });
  });
}
