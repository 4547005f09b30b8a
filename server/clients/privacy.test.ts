import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clientNetworkContacts, clients, fundingDecisions, generatedDocuments, serviceEntries } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { getCasePlan, saveCasePlan } from "@/server/funding/case-plans";
import { listDecisions } from "@/server/funding/decisions";
import { createEntry, listEntries } from "@/server/funding/entries";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingWorld, PRICE_AFTER_CENTS, type FundingWorld } from "@/server/testing/funding-factories";
import { getClient, listClients } from "./clients";
import { saveNetworkContact } from "./network";
import { accessHistory, anonymiseClient, exportClient } from "./privacy";

const t = await useTestDatabase();

let unit: string;
let world: FundingWorld;
let caseManager: Actor;
let teamMember: Actor;
let head: Actor;

beforeAll(async () => {
  unit = await makeUnit(t.db, { name: "Võru" });
  world = await makeFundingWorld(t.db, "SRT");
  caseManager = await makeActor(t.db, {
    permissions: {
      "clients:read": "own",
      "clients:read_clinical": "own",
      "clients:update": "own",
      "clients:export": "own",
      "clients:delete": "own",
    },
    unitIds: [unit],
  });
  teamMember = await makeActor(t.db, { permissions: { "clients:read": "own", "clients:read_clinical": "own" }, unitIds: [unit] });
  head = await makeActor(t.db, { permissions: { "clients:read": "own", "clients:read_clinical": "own" }, headOf: [unit] });
});

/** A client with contacts, a relative in the network, a 2020 decision and two entries with notes. */
async function recordedClient(lastName: string) {
  const clientId = await makeClient(t.db, {
    name: lastName,
    unitIds: [unit],
    caseManagerId: caseManager.employeeId,
    teamIds: [teamMember.employeeId],
  });
  await t.db
    .update(clients)
    .set({ email: "klient@example.ee", phone: "+372 5123 4567", address: "Jüri 12, Võru", birthDate: "1985-05-05" })
    .where(eq(clients.id, clientId));
  await saveNetworkContact(
    { db: t.db, actor: caseManager, ip: null },
    {
      kind: "relative",
      name: "Ema Maasikas",
      organisation: "",
      phone: "+372 5000 0000",
      email: null,
      consents: ["share_information"],
      note: "",
      clientId,
      id: null,
    },
  );
  const decisionId = await makeDecision(t.db, {
    clientId,
    fundingSourceId: world.sourceId,
    startDate: "2020-01-01",
    endDate: "2020-06-30",
    serviceLimits: [{ serviceId: world.serviceId, maxUnits: 10 }],
  });
  await saveCasePlan(
    { db: t.db, actor: caseManager, ip: null },
    { goals: "Tööle naasmine", items: [{ serviceId: world.serviceId, plannedUnits: 4 }], decisionId },
  );
  for (const [day, units] of [
    ["2020-02-03", 1],
    ["2020-06-15", 1.5],
  ] as const) {
    await createEntry(
      { db: t.db, actor: teamMember, ip: null },
      {
        clientId,
        decisionId,
        serviceId: world.serviceId,
        serviceDate: day,
        units,
        specialistId: teamMember.employeeId,
        description: "Rääkisime kodusest olukorrast",
      },
    );
  }
  return { clientId, decisionId };
}

const readsOf = async (clientId: string) => (await auditRows(t.db, "client.read")).filter((r) => r.clientId === clientId);

describe("reading a client's data leaves a trace", () => {
  it("every view of the record, funding, dataset and case plan writes a client.read row with the client and the view", async () => {
    const { clientId, decisionId } = await recordedClient("Lepik");
    await getClient({ db: t.db, actor: teamMember, ip: "10.1.1.1" }, { clientId });
    await listDecisions({ db: t.db, actor: teamMember, ip: "10.1.1.1" }, { clientId });
    await listEntries({ db: t.db, actor: teamMember, ip: "10.1.1.1" }, { month: "2020-02", clientId });
    await getCasePlan({ db: t.db, actor: teamMember, ip: "10.1.1.1" }, { decisionId });
    const rows = await readsOf(clientId);
    expect(rows.map((r) => r.details)).toEqual([
      { view: "overview" },
      { view: "funding" },
      { view: "dataset", month: "2020-02" },
      { view: "case_plan" },
    ]);
    for (const r of rows) expect(r).toMatchObject({ actorEmployeeId: teamMember.employeeId, ip: "10.1.1.1", outcome: "ok" });
  });

  it("a refused read of a hidden client is no read of it", async () => {
    const { clientId } = await recordedClient("Saar");
    const stranger = await makeActor(t.db, { permissions: { "clients:read": "own" }, unitIds: [unit] });
    expect((await appErrorOf(getClient({ db: t.db, actor: stranger, ip: null }, { clientId }))).code).toBe("NOT_FOUND");
    expect(await readsOf(clientId)).toEqual([]);
  });

  it("the case manager and the unit head see who read it, newest first; a team member may not", async () => {
    const { clientId } = await recordedClient("Kuusk");
    await getClient({ db: t.db, actor: teamMember, ip: null }, { clientId });
    await listEntries({ db: t.db, actor: teamMember, ip: null }, { clientId });
    await listDecisions({ db: t.db, actor: head, ip: null }, { clientId });
    const history = await accessHistory({ db: t.db, actor: caseManager, ip: null }, { clientId });
    const reads = history.filter((h) => h.action === "client.read");
    expect(reads.map((h) => [h.actorName, (h.details as { view: string }).view])).toEqual([
      [`${head.firstName} ${head.lastName}`, "funding"],
      [`${teamMember.firstName} ${teamMember.lastName}`, "dataset"],
      [`${teamMember.firstName} ${teamMember.lastName}`, "overview"],
    ]);
    expect(history.map((h) => h.seq)).toEqual([...history.map((h) => h.seq)].sort((a, b) => b - a));
    expect(history.map((h) => h.action)).toContain("entry.create");
    expect((await accessHistory({ db: t.db, actor: head, ip: null }, { clientId })).length).toBe(history.length);

    const refused = await createCaller({ db: t.db, actor: teamMember, ip: null })
      .clients.accessHistory({ clientId })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    const [audit] = (await auditRows(t.db, "access.refused")).filter((r) => r.actorEmployeeId === teamMember.employeeId);
    expect(audit!.details).toMatchObject({ procedure: "clients.accessHistory" });
  });

  it("the record offers the access history exactly to those it answers", async () => {
    const { clientId } = await recordedClient("Tamm");
    const dataProtection = await makeActor(t.db, { permissions: { "clients:read": "all" } });
    const unitManager = await makeActor(t.db, { permissions: { "clients:read": "unit", "clients:update": "all" }, unitIds: [unit] });
    for (const [actor, allowed] of [
      [caseManager, true],
      [head, true],
      [dataProtection, true],
      [teamMember, false],
      [unitManager, false],
    ] as const) {
      const offered = (await getClient({ db: t.db, actor, ip: null }, { clientId })).can.seeAccessHistory;
      const answered = await accessHistory({ db: t.db, actor, ip: null }, { clientId }).then(
        () => true,
        (e: unknown) => (e as { code?: string }).code,
      );
      expect([offered, answered], `${actor.employeeId}`).toEqual(allowed ? [true, true] : [false, "FORBIDDEN"]);
    }
  });
});

describe("export (GDPR art. 15)", () => {
  it("gives the client's data with decisions, plan, entries and network, and is audited", async () => {
    const { clientId, decisionId } = await recordedClient("Mänd");
    const data = await exportClient({ db: t.db, actor: caseManager, ip: "10.2.2.2" }, { clientId });
    expect(data.client).toMatchObject({ id: clientId, lastName: "Mänd", email: "klient@example.ee" });
    expect(data.fundingDecisions).toEqual([
      expect.objectContaining({ id: decisionId, serviceLimits: [expect.objectContaining({ serviceId: world.serviceId })] }),
    ]);
    expect(data.casePlans).toEqual([
      expect.objectContaining({ decisionId, goals: "Tööle naasmine", items: [expect.objectContaining({ plannedUnits: "4.00" })] }),
    ]);
    expect(data.serviceEntries.map((e) => [e.serviceDate, e.amountCents]).sort()).toEqual([
      ["2020-02-03", PRICE_AFTER_CENTS],
      ["2020-06-15", 4410],
    ]);
    expect(data.network.map((c) => c.name)).toEqual(["Ema Maasikas"]);
    expect(data.team.map((m) => m.employeeId)).toEqual([teamMember.employeeId]);
    const [audit] = (await auditRows(t.db, "client.export")).filter((r) => r.clientId === clientId);
    expect(audit).toMatchObject({ actorEmployeeId: caseManager.employeeId, ip: "10.2.2.2" });
  });

  it("is refused to a team member without the export permission", async () => {
    const { clientId } = await recordedClient("Pärn");
    const refused = await createCaller({ db: t.db, actor: teamMember, ip: null })
      .clients.export({ clientId })
      .catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    expect((await auditRows(t.db, "client.export")).filter((r) => r.clientId === clientId)).toEqual([]);
  });
});

describe("anonymisation after the retention period", () => {
  it("is refused while the seven years from the last decision run, naming the date; nothing changes", async () => {
    const { clientId } = await recordedClient("Ilves");
    const err = await appErrorOf(anonymiseClient({ db: t.db, actor: caseManager, ip: null }, { clientId, today: "2027-06-29" }));
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.retentionNotOver", params: { date: "2027-06-30" } });
    expect(err.message).toContain("2027-06-30");
    const [row] = await t.db.select().from(clients).where(eq(clients.id, clientId));
    expect(row).toMatchObject({ lastName: "Ilves", anonymisedAt: null, email: "klient@example.ee" });
    expect(await t.db.select().from(clientNetworkContacts).where(eq(clientNetworkContacts.clientId, clientId))).toHaveLength(1);
    expect(await auditRows(t.db, "client.anonymise")).toEqual([]);
  });

  it("afterwards removes names, code, contacts and network, keeps the entries, and drops the client from lists", async () => {
    const { clientId } = await recordedClient("Rebane");
    await t.db.update(clients).set({ legalRepresentative: "Ema Rebane" }).where(eq(clients.id, clientId));
    // A registered document keeps a snapshot of what it showed: the client's name among it.
    await t.db.insert(generatedDocuments).values({
      clientId,
      type: "attendance",
      format: "pdf",
      params: { month: "2026-01" },
      contentHash: "0".repeat(64),
      snapshot: { client: { name: "Tiit Rebane" } },
    });
    const [before] = await t.db.select().from(clients).where(eq(clients.id, clientId));
    const entriesBefore = await t.db.select().from(serviceEntries).where(eq(serviceEntries.clientId, clientId));

    await anonymiseClient({ db: t.db, actor: caseManager, ip: null }, { clientId, today: "2040-01-01" });

    const [row] = await t.db.select().from(clients).where(eq(clients.id, clientId));
    expect(row).toMatchObject({
      personalCode: null,
      birthDate: null,
      email: null,
      phone: null,
      address: "",
      notes: "",
      legalRepresentative: "",
    });
    expect([row!.firstName, row!.lastName]).not.toContain("Rebane");
    expect((await t.db.select().from(generatedDocuments).where(eq(generatedDocuments.clientId, clientId))).map((d) => d.snapshot)).toEqual([
      null,
    ]);
    expect(row!.anonymisedAt).toBeInstanceOf(Date);
    expect(await t.db.select().from(clientNetworkContacts).where(eq(clientNetworkContacts.clientId, clientId))).toEqual([]);
    const entriesAfter = await t.db.select().from(serviceEntries).where(eq(serviceEntries.clientId, clientId));
    expect(entriesAfter.map((e) => [e.id, e.serviceDate, e.amountCents, e.unitPriceCents]).sort()).toEqual(
      entriesBefore.map((e) => [e.id, e.serviceDate, e.amountCents, e.unitPriceCents]).sort(),
    );
    expect(entriesAfter.every((e) => e.description === "")).toBe(true);
    expect(await t.db.select().from(fundingDecisions).where(eq(fundingDecisions.clientId, clientId))).toHaveLength(1);

    for (const search of [undefined, "Rebane", before!.personalCode!]) {
      expect((await listClients({ db: t.db, actor: caseManager, ip: null }, { search })).map((c) => c.id)).not.toContain(clientId);
    }
    expect((await auditRows(t.db, "client.anonymise")).map((r) => r.clientId)).toEqual([clientId]);
  });

  it("is refused to someone without the delete permission", async () => {
    const { clientId } = await recordedClient("Hunt");
    const refused = await createCaller({ db: t.db, actor: teamMember, ip: null })
      .clients.anonymise({ clientId })
      .catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    expect((await t.db.select().from(clients).where(eq(clients.id, clientId)))[0]!.lastName).toBe("Hunt");
  });
});
