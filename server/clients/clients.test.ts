import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients, clientUnits } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { auditRows, makeActor, makeEmployee, makeUnit, newPersonalCode } from "@/server/testing/factories";

const t = await useTestDatabase();

let team: string;
let otherUnit: string;
let caseManager: Actor;
let colleague: Actor;

beforeAll(async () => {
  team = await makeUnit(t.db, { name: "Tartu meeskond" });
  otherUnit = await makeUnit(t.db, { name: "Võru" });
  const role = { "clients:read": "own", "clients:create": "own", "clients:update": "own" } as const;
  caseManager = await makeActor(t.db, { permissions: role, unitIds: [team] });
  colleague = await makeActor(t.db, { permissions: role, unitIds: [team] });
});

const caller = (actor: Actor) => createCaller({ db: t.db, actor, ip: "192.0.2.7" });

const form = (over: Partial<Parameters<ReturnType<typeof caller>["clients"]["create"]>[0]> = {}) => ({
  personalCode: newPersonalCode() as string | null,
  birthDate: null as string | null,
  firstName: "Mari",
  lastName: "Maasikas",
  email: "mari@example.ee",
  phone: "+372 5555 1234",
  address: "Rüütli 1, Tartu",
  preferredLanguage: "et" as const,
  notes: "",
  unitIds: [team],
  caseManagerId: null as string | null,
  ...over,
});

/** The field and message key a refused call names, as the form shows them. */
async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected a refusal").toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause;
  expect(cause).toBeInstanceOf(AppError);
  const app = cause as AppError;
  return { code: (err as TRPCError).code, field: app.field, key: app.messageKey };
}

const count = async () => (await t.db.select().from(clients)).length;

describe("opening a client", () => {
  it("a case manager who only reaches their own clients becomes the case manager of the one they open", async () => {
    const { id } = await caller(caseManager).clients.create(form({ lastName: "Kask" }));
    const [row] = await t.db.select().from(clients).where(eq(clients.id, id));
    expect(row).toMatchObject({
      caseManagerId: caseManager.employeeId,
      createdBy: caseManager.employeeId,
      lastName: "Kask",
      email: "mari@example.ee",
    });
    expect((await t.db.select().from(clientUnits).where(eq(clientUnits.clientId, id))).map((u) => u.unitId)).toEqual([team]);
    // They see it; a colleague of the same unit with the same role does not.
    expect((await caller(caseManager).clients.list({ search: "Kask" })).map((c) => c.id)).toEqual([id]);
    expect(await caller(colleague).clients.list({ search: "Kask" })).toEqual([]);
    const [audit] = (await auditRows(t.db, "client.create")).filter((r) => r.clientId === id);
    expect(audit).toMatchObject({ actorEmployeeId: caseManager.employeeId, ip: "192.0.2.7" });
  });

  it("a foreign client without a personal code is opened with a birth date", async () => {
    const { id } = await caller(caseManager).clients.create(
      form({ personalCode: null, birthDate: "1990-04-02", lastName: "Shevchenko", preferredLanguage: "uk" }),
    );
    const [row] = await t.db.select().from(clients).where(eq(clients.id, id));
    expect(row).toMatchObject({ personalCode: null, birthDate: "1990-04-02" });
  });

  it("refuses an invalid personal code, naming personalCode", async () => {
    const before = await count();
    expect(await refusal(caller(caseManager).clients.create(form({ personalCode: "36805280108" })))).toEqual({
      code: "BAD_REQUEST",
      field: "personalCode",
      key: "errors.personalCodeInvalid",
    });
    expect(await count()).toBe(before);
  });

  it("refuses a personal code another client has, naming personalCode", async () => {
    const code = newPersonalCode();
    await caller(caseManager).clients.create(form({ personalCode: code }));
    const before = await count();
    expect(await refusal(caller(colleague).clients.create(form({ personalCode: code })))).toEqual({
      code: "CONFLICT",
      field: "personalCode",
      key: "errors.clientPersonalCodeTaken",
    });
    expect(await count()).toBe(before);
  });

  it("refuses a client with neither personal code nor birth date, naming birthDate", async () => {
    const before = await count();
    expect(await refusal(caller(caseManager).clients.create(form({ personalCode: null, birthDate: null })))).toEqual({
      code: "BAD_REQUEST",
      field: "birthDate",
      key: "errors.clientNeedsCodeOrBirthDate",
    });
    expect(await refusal(caller(caseManager).clients.create(form({ personalCode: "", birthDate: null })))).toMatchObject({
      field: "birthDate",
    });
    expect(await count()).toBe(before);
  });

  it("refuses a unit outside the person's reach, and making someone else the case manager", async () => {
    const before = await count();
    expect(await refusal(caller(caseManager).clients.create(form({ unitIds: [otherUnit] })))).toEqual({
      code: "BAD_REQUEST",
      field: "unitIds",
      key: "errors.unitOutsideScope",
    });
    expect((await refusal(caller(caseManager).clients.create(form({ caseManagerId: colleague.employeeId })))).code).toBe("FORBIDDEN");
    expect(await count()).toBe(before);
  });

  it("someone managing all clients names any active case manager, not an inactive one", async () => {
    const manager = await makeActor(t.db, { permissions: { "clients:read": "all", "clients:create": "all" } });
    const { id } = await caller(manager).clients.create(form({ unitIds: [otherUnit], caseManagerId: caseManager.employeeId }));
    expect((await t.db.select().from(clients).where(eq(clients.id, id)))[0]!.caseManagerId).toBe(caseManager.employeeId);
    const gone = await makeEmployee(t.db, { active: false });
    expect(await refusal(caller(manager).clients.create(form({ caseManagerId: gone })))).toEqual({
      code: "BAD_REQUEST",
      field: "caseManagerId",
      key: "errors.employeeInactive",
    });
  });
});

describe("the team", () => {
  it("a person put on the team sees the client; taken off, they no longer do", async () => {
    const { id } = await caller(caseManager).clients.create(form({ lastName: "Tamm" }));
    await caller(caseManager).clients.setTeam({ clientId: id, employeeIds: [colleague.employeeId] });
    expect((await caller(colleague).clients.get({ clientId: id })).client.lastName).toBe("Tamm");
    // A team member whose role only reads does not change the team.
    const reader = await makeActor(t.db, { permissions: { "clients:read": "own" } });
    await caller(caseManager).clients.setTeam({ clientId: id, employeeIds: [colleague.employeeId, reader.employeeId] });
    expect((await refusal(caller(reader).clients.setTeam({ clientId: id, employeeIds: [] }))).code).toBe("FORBIDDEN");
    await caller(caseManager).clients.setTeam({ clientId: id, employeeIds: [] });
    expect((await refusal(caller(colleague).clients.get({ clientId: id }))).code).toBe("NOT_FOUND");
  });
});
