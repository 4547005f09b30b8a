import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clientAccessGrants, clientNetworkContacts } from "@/db/schema";
import type { Db } from "@/server/db/client";
import { ensureStandardRoles } from "@/server/org/roles";
import { loadActor, type Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { outcomeInSavepoint, rolledBack } from "@/server/testing/parity";
import { getClient, setTeam } from "./clients";
import { deleteNetworkContact, grantAccess, revokeAccess, saveNetworkContact } from "./network";

/**
 * Issue #14 item 3 for the client record's team tab: "Muuda meeskonda" (can.update), adding,
 * changing and removing a network contact (can.editNetwork) and granting or revoking access
 * (can.manageAccess) are offered exactly to whom setTeam, saveNetworkContact,
 * deleteNetworkContact, grantAccess and revokeAccess let do it, for every standard role and a
 * few people in between, on the same client.
 */

const t = await useTestDatabase();

let clientId: string;
let contactId: string;
let grantId: string;
let colleague: string;
const people: Record<string, Actor> = {};

beforeAll(async () => {
  const roles = await ensureStandardRoles(t.db);
  const unit = await makeUnit(t.db);
  const elsewhere = await makeUnit(t.db);
  const person = async (role: string, at = unit) =>
    (await loadActor(t.db, await makeEmployee(t.db, { unitIds: [at], roleIds: [roles.get(role)!] })))!;
  for (const role of ["case_manager", "specialist", "front_desk", "manager", "accountant", "administrator"])
    people[role] = await person(role);
  people.otherCaseManager = await person("case_manager");
  people.managerElsewhere = await person("manager", elsewhere);
  people.updaterWithoutClinical = await makeActor(t.db, {
    permissions: { "clients:read": "unit", "clients:update": "unit", "employees:read": "unit" },
    unitIds: [unit],
  });
  people.clientsDirector = await makeActor(t.db, {
    permissions: { "clients:read": "all", "clients:read_clinical": "all", "clients:update": "all" },
  });
  const grantee = await person("case_manager", elsewhere);
  people.grantee = grantee;
  colleague = await makeEmployee(t.db, { unitIds: [unit] });
  clientId = await makeClient(t.db, {
    unitIds: [unit],
    caseManagerId: people.case_manager!.employeeId,
    teamIds: [people.specialist!.employeeId],
    grants: [
      { employeeId: grantee.employeeId, validFrom: new Date(Date.now() - 86_400_000), validUntil: new Date(Date.now() + 7 * 86_400_000) },
    ],
  });
  const [grant] = await t.db
    .select({ id: clientAccessGrants.id })
    .from(clientAccessGrants)
    .where(eq(clientAccessGrants.clientId, clientId));
  grantId = grant!.id;
  const [contact] = await t.db
    .insert(clientNetworkContacts)
    .values({ clientId, kind: "relative", name: "Malle", consents: [] })
    .returning({ id: clientNetworkContacts.id });
  contactId = contact!.id;
});

type Ctx = { db: Db; actor: Actor; ip: null };
const contact = { kind: "relative" as const, name: "Malle", organisation: "", phone: null, email: null, consents: [], note: "" };
const writes: Record<string, (ctx: Ctx) => Promise<unknown>> = {
  editTeam: (ctx) => setTeam(ctx, { clientId, employeeIds: [colleague] }),
  addContact: (ctx) => saveNetworkContact(ctx, { ...contact, clientId, id: null }),
  editContact: (ctx) => saveNetworkContact(ctx, { ...contact, clientId, id: contactId, phone: "5555 5555" }),
  deleteContact: (ctx) => deleteNetworkContact(ctx, { clientId, id: contactId }),
  grant: (ctx) => grantAccess(ctx, { clientId, employeeId: colleague, reason: "Asendus", validUntil: new Date(Date.now() + 86_400_000) }),
  revoke: (ctx) => revokeAccess(ctx, { clientId, grantId }),
};

describe("the team tab's buttons", () => {
  it("are offered to exactly whom the team, network and access mutations let through", async () => {
    const offered: Record<string, Record<string, boolean>> = {};
    const permitted: Record<string, Record<string, boolean>> = {};
    for (const [role, actor] of Object.entries(people)) {
      const can = (await getClient({ db: t.db, actor, ip: null }, { clientId }).catch(() => null))?.can;
      // What team-tab.tsx shows each button on.
      offered[role] = {
        editTeam: can?.update ?? false,
        addContact: can?.editNetwork ?? false,
        editContact: can?.editNetwork ?? false,
        deleteContact: can?.editNetwork ?? false,
        grant: can?.manageAccess ?? false,
        revoke: can?.manageAccess ?? false,
      };
      permitted[role] = {};
      for (const [name, write] of Object.entries(writes)) {
        const outcome = await rolledBack(t.db, (tx) => outcomeInSavepoint(tx, (sp) => write({ db: sp as unknown as Db, actor, ip: null })));
        permitted[role]![name] = outcome.ok;
      }
    }
    expect(offered).toEqual(permitted);
    expect(offered.case_manager).toEqual({
      editTeam: true,
      addContact: true,
      editContact: true,
      deleteContact: true,
      grant: true,
      revoke: true,
    });
    expect(offered.specialist).toEqual({
      editTeam: false,
      addContact: false,
      editContact: false,
      deleteContact: false,
      grant: false,
      revoke: false,
    });
    // Who may change the record but not read its clinical part changes the team, not the network.
    expect(offered.updaterWithoutClinical).toMatchObject({ editTeam: true, addContact: false, editContact: false });
  });
});
