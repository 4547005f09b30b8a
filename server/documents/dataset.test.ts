import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients, serviceEntries, specialties } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision } from "@/server/testing/funding-factories";
import { pdfPagesText } from "@/server/testing/pdf-text";
import { makeSchedulingWorld, makeSession, tallinnWinter, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { downloadDocument, generateDocument, listDocuments } from "./register";

const t = await useTestDatabase();

let world: SchedulingWorld;
let unit: string;
let caseManager: Actor;
let specialist: Actor;
let specialtyId: string;
let outsider: Actor;
let adminOnly: Actor;

const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  const clinical = { "clients:read": "own", "clients:read_clinical": "own", "clients:update": "own" } as const;
  caseManager = await makeActor(t.db, { permissions: clinical, unitIds: [unit], firstName: "Liis" });
  specialist = await makeActor(t.db, { permissions: clinical, unitIds: [unit], firstName: "Jaan" });
  outsider = await makeActor(t.db, {
    permissions: { "clients:read": "own", "clients:read_clinical": "own" },
    unitIds: [await makeUnit(t.db)],
  });
  // Front desk: reads the client's administrative record, not the clinical one.
  adminOnly = await makeActor(t.db, { permissions: { "clients:read": "all" }, unitIds: [unit] });
  const [s] = await t.db
    .insert(specialties)
    .values({ code: `PSY${Date.now()}`, nameEt: "Psühholoog", nameEn: "Psychologist" })
    .returning({ id: specialties.id });
  specialtyId = s!.id;
});

async function fundedClient(opts: { personalCode?: boolean; lastName: string }) {
  const clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId, teamIds: [specialist.employeeId] });
  await t.db
    .update(clients)
    .set(
      opts.personalCode === false
        ? { firstName: "Olga", lastName: opts.lastName, personalCode: null, birthDate: "1985-04-02" }
        : { firstName: "Tiit", lastName: opts.lastName },
    )
    .where(eq(clients.id, clientId));
  const decisionId = await makeDecision(t.db, {
    clientId,
    fundingSourceId: world.sourceId,
    startDate: "2024-01-01",
    endDate: "2024-12-31",
    number: `K${Math.floor(Math.random() * 900000 + 100000)}`,
    yearlyCapCents: 123700,
    serviceLimits: [
      { serviceId: world.groupServiceId, maxUnits: 20 },
      { serviceId: world.individualServiceId, maxUnits: 40 },
    ],
  });
  return { clientId, decisionId };
}

/** An entry straight into the dataset (the database trigger prices it), optionally from a session. */
const entry = (
  c: { clientId: string; decisionId: string },
  e: { serviceId: string; date: string; units: string; description: string; sessionId?: string },
) =>
  t.db.insert(serviceEntries).values({
    clientId: c.clientId,
    decisionId: c.decisionId,
    serviceId: e.serviceId,
    serviceDate: e.date,
    units: e.units,
    specialistId: specialist.employeeId,
    specialtyId,
    description: e.description,
    sessionId: e.sessionId ?? null,
  });

const pdfText = async (base64: string) => (await pdfPagesText(Buffer.from(base64, "base64"))).join(" ");

describe("the client dataset", () => {
  let tiit: { clientId: string; decisionId: string };
  let olga: { clientId: string; decisionId: string };

  beforeAll(async () => {
    tiit = await fundedClient({ lastName: "Toomingas" });
    olga = await fundedClient({ personalCode: false, lastName: "Ivanova" });
    // One group session with both clients: each gets their own line.
    const group = await makeSession(t.db, {
      serviceId: world.groupServiceId,
      startsAt: tallinnWinter("2024-03-11", "10:00"),
      endsAt: tallinnWinter("2024-03-11", "11:30"),
      status: "done",
      specialistIds: [specialist.employeeId],
      participants: [
        { clientId: tiit.clientId, decisionId: tiit.decisionId },
        { clientId: olga.clientId, decisionId: olga.decisionId },
      ],
    });
    await entry(tiit, {
      serviceId: world.groupServiceId,
      date: "2024-03-11",
      units: "1.50",
      description: "Grupis pingete maandamine",
      sessionId: group,
    });
    await entry(olga, {
      serviceId: world.groupServiceId,
      date: "2024-03-11",
      units: "1.50",
      description: "Grupis pingete maandamine",
      sessionId: group,
    });
    await entry(tiit, {
      serviceId: world.individualServiceId,
      date: "2024-02-05",
      units: "1.00",
      description: "Esmane nõustamine, ärevus",
    });
    await entry(tiit, { serviceId: world.individualServiceId, date: "2024-04-15", units: "0.50", description: "Järelvestlus" });
    await entry(tiit, { serviceId: world.individualServiceId, date: "2024-06-01", units: "2.00", description: "Väljaspool perioodi" });
  });

  it("shows the header, one row per entry with the session's time, and totals per service", async () => {
    const file = await generateDocument(ctx(caseManager), {
      type: "dataset",
      format: "pdf",
      clientId: tiit.clientId,
      decisionId: tiit.decisionId,
      from: "2024-02-01",
      to: "2024-04-30",
    });
    expect(file.mime).toBe("application/pdf");
    const text = await pdfText(file.base64);
    expect(text).toContain("Kliendi andmestik");
    expect(text).toContain("Tiit Toomingas");
    expect(text).toMatch(/Isikukood: \d{11}/);
    const decision = (await t.sql<{ n: string }[]>`SELECT decision_number AS n FROM funding_decisions WHERE id = ${tiit.decisionId}`)[0]!.n;
    expect(text).toContain(`Otsuse number: ${decision}`);
    expect(text).toContain("Periood: 01.02.2024–30.04.2024");
    expect(text).toContain("aasta piirmäär 1 237,00 €");
    expect(text).toMatch(/SCH\d+ Grupinõustamine: 20,00 tund/);
    // The group session: its time in Tallinn, the kind and the units.
    expect(text).toMatch(
      /11\.03\.2024 10:00–11:30 SCH\d+ Grupinõustamine grupp 1,50 tund Jaan Person \d+, Psühholoog Grupis pingete maandamine/,
    );
    expect(text).toMatch(/05\.02\.2024 SCH\d+ Psühholoogi individuaalteenus individuaalne 1,00 tund/);
    expect(text).toContain("Järelvestlus");
    expect(text).not.toContain("Väljaspool perioodi");
    // Totals: the individual service twice, 1.5 hours together; the group once.
    expect(text).toMatch(/SCH\d+ Psühholoogi individuaalteenus 2 1,50 tund/);
    expect(text).toMatch(/SCH\d+ Grupinõustamine 1 1,50 tund/);
    expect(text).toContain("Tulemuslikkuse (mõju) hinnang");
    expect(text).toContain("Klient või seaduslik esindaja");
    expect(text).toMatch(/lk 1 \/ \d/);
  });

  it("says 'puudub' for a client without a personal code, and names the legal representative", async () => {
    await t.db.update(clients).set({ legalRepresentative: "Irina Ivanova (ema), 5550 1234" }).where(eq(clients.id, olga.clientId));
    const file = await generateDocument(ctx(caseManager), {
      type: "dataset",
      format: "pdf",
      clientId: olga.clientId,
      decisionId: olga.decisionId,
    });
    const text = await pdfText(file.base64);
    expect(text).toContain("Olga Ivanova");
    expect(text).toContain("Isikukood: puudub");
    expect(text).toContain("Seaduslik esindaja: Irina Ivanova (ema), 5550 1234");
    expect(text).toContain("Periood: 01.01.2024–31.12.2024");
    expect(text).toMatch(/11\.03\.2024 10:00–11:30 SCH\d+ Grupinõustamine grupp 1,50 tund/);
  });

  it("refuses a period outside the decision, naming both periods", async () => {
    const err = await appErrorOf(
      generateDocument(ctx(caseManager), {
        type: "dataset",
        format: "pdf",
        clientId: tiit.clientId,
        decisionId: tiit.decisionId,
        from: "2023-12-01",
        to: "2024-01-31",
      }),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "from",
      messageKey: "errors.documentPeriodOutsideDecision",
      params: { start: "2024-01-01", end: "2024-12-31" },
    });
    const reversed = await appErrorOf(
      generateDocument(ctx(caseManager), {
        type: "dataset",
        format: "pdf",
        clientId: tiit.clientId,
        decisionId: tiit.decisionId,
        from: "2024-05-01",
        to: "2024-04-01",
      }),
    );
    expect(reversed).toMatchObject({ code: "INVALID_INPUT", field: "to" });
    expect(await t.sql`SELECT 1 FROM generated_documents WHERE params->>'from' IN ('2023-12-01', '2024-05-01')`).toHaveLength(0);
  });

  it("refuses people who may not read the client's clinical record, and registers nothing", async () => {
    const before = (await listDocuments(ctx(caseManager), { clientId: tiit.clientId })).length;
    expect((await appErrorOf(generateDocument(ctx(outsider), { type: "dataset", format: "pdf", ...tiit }))).code).toBe("NOT_FOUND");
    expect((await appErrorOf(generateDocument(ctx(adminOnly), { type: "dataset", format: "pdf", ...tiit }))).code).toBe("FORBIDDEN");
    expect(await listDocuments(ctx(caseManager), { clientId: tiit.clientId })).toHaveLength(before);
  });

  it("makes an XLSX with the same rows", async () => {
    const file = await generateDocument(ctx(specialist), {
      type: "dataset",
      format: "xlsx",
      clientId: tiit.clientId,
      decisionId: tiit.decisionId,
      from: "2024-03-01",
      to: "2024-03-31",
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.base64, "base64") as unknown as ArrayBuffer);
    const values = book.worksheets[0]!.getSheetValues().map((r) =>
      Array.isArray(r)
        ? r
            .slice(1)
            .map((c) => (c === undefined || c === null ? "" : String(c as string)))
            .join("|")
        : "",
    );
    expect(values).toContain(
      "Isikukood|" + (await t.sql<{ c: string }[]>`SELECT personal_code AS c FROM clients WHERE id = ${tiit.clientId}`)[0]!.c,
    );
    expect(
      values.some((v) =>
        /^11\.03\.2024\|10:00–11:30\|SCH\d+ Grupinõustamine\|grupp\|1\.5\|Jaan Person \d+, Psühholoog\|Grupis pingete maandamine$/.test(v),
      ),
    ).toBe(true);
    expect(values.filter((v) => v.startsWith("05.02.2024"))).toHaveLength(0);
  });
});

describe("layout", () => {
  it("repeats the table header and numbers the pages of a long dataset", async () => {
    const c = await fundedClient({ lastName: "Pikk" });
    for (let day = 1; day <= 28; day++) {
      for (const month of ["07", "08", "09", "10"]) {
        await entry(c, {
          serviceId: world.individualServiceId,
          date: `2024-${month}-${String(day).padStart(2, "0")}`,
          units: "0.25",
          description: "Pikk kirjeldus sellest, mida tehti, et rida murduks kahele reale",
        });
      }
    }
    const pages = await pdfPagesText(
      Buffer.from((await generateDocument(ctx(caseManager), { type: "dataset", format: "pdf", ...c })).base64, "base64"),
    );
    expect(pages.length).toBeGreaterThan(2);
    pages.slice(0, -1).forEach((page, i) => {
      expect(page).toContain("Kuupäev Aeg Teenus Liik Maht Spetsialist, eriala Mida tehti");
      expect(page).toContain(`lk ${i + 1} / ${pages.length}`);
    });
  });
});

describe("the document register", () => {
  it("lists what was generated, audits it, and makes it again from the stored parameters", async () => {
    const c = await fundedClient({ lastName: "Registrist" });
    await entry(c, { serviceId: world.individualServiceId, date: "2024-05-02", units: "1.00", description: "Nõustamine" });
    const made = await generateDocument(ctx(caseManager), { type: "dataset", format: "pdf", ...c, from: "2024-05-01", to: "2024-05-31" });
    const listed = await listDocuments(ctx(caseManager), { clientId: c.clientId });
    expect(listed).toEqual([
      expect.objectContaining({
        id: made.documentId,
        type: "dataset",
        format: "pdf",
        params: { decisionId: c.decisionId, from: "2024-05-01", to: "2024-05-31" },
        generatedBy: expect.stringMatching(/^Liis /),
      }),
    ]);
    const audit = (await auditRows(t.db, "document.generate")).filter((r) => r.targetId === made.documentId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmployeeId: caseManager.employeeId, clientId: c.clientId });

    const again = await downloadDocument(ctx(specialist), { documentId: made.documentId });
    expect(again.unchanged).toBe(true);
    expect(await pdfText(again.base64)).toContain("02.05.2024");
    // A later entry in the period: the download shows it and says the data changed since.
    await entry(c, { serviceId: world.individualServiceId, date: "2024-05-20", units: "1.00", description: "Teine kohtumine" });
    const changed = await downloadDocument(ctx(caseManager), { documentId: made.documentId });
    expect(changed.unchanged).toBe(false);
    expect(await pdfText(changed.base64)).toContain("Teine kohtumine");
    expect((await auditRows(t.db, "document.download")).filter((r) => r.targetId === made.documentId)).toHaveLength(2);
    // Someone who does not reach the client is told there is no such document.
    expect((await appErrorOf(downloadDocument(ctx(outsider), { documentId: made.documentId }))).code).toBe("NOT_FOUND");
  });
});
