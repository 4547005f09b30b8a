import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients, sessionParticipants } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { pdfPagesText } from "@/server/testing/pdf-text";
import { makeSchedulingWorld, makeSession, tallinnWinter, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { downloadDocument, generateDocument, listDocuments } from "./register";
import { attachScan, readScan, SCAN_MAX_BYTES } from "./scans";

const t = await useTestDatabase();

let world: SchedulingWorld;
let unit: string;
let caseManager: Actor;
let specialist: Actor;
let adminOnly: Actor;
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const text = async (base64: string) => (await pdfPagesText(Buffer.from(base64, "base64"))).join(" ");

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  const clinical = { "clients:read": "own", "clients:read_clinical": "own", "clients:update": "own" } as const;
  caseManager = await makeActor(t.db, { permissions: clinical, unitIds: [unit] });
  specialist = await makeActor(t.db, { permissions: clinical, unitIds: [unit], firstName: "Maarja" });
  adminOnly = await makeActor(t.db, { permissions: { "clients:read": "all" }, unitIds: [unit] });
});

async function client(personalCode = true) {
  const id = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId, teamIds: [specialist.employeeId] });
  if (!personalCode)
    await t.db
      .update(clients)
      .set({ firstName: "Olga", lastName: "Ivanova", personalCode: null, birthDate: "1985-04-02" })
      .where(eq(clients.id, id));
  return id;
}

describe("the attendance sheet", () => {
  it("lists each session given in the month with its times, academic hours and specialist; absences and other months are left out", async () => {
    const clientId = await client(false);
    const other = await client();
    const session = (day: string, from: string, to: string, opts: { status?: "done" | "planned"; serviceId?: string } = {}) =>
      makeSession(t.db, {
        serviceId: opts.serviceId ?? world.academicServiceId,
        startsAt: tallinnWinter(day, from),
        endsAt: tallinnWinter(day, to),
        status: opts.status ?? "done",
        specialistIds: [specialist.employeeId],
        participants: [{ clientId }, { clientId: other }],
      });
    await session("2024-02-05", "10:00", "11:30");
    await session("2024-02-12", "09:00", "09:45", { serviceId: world.groupServiceId });
    await session("2024-02-19", "10:00", "11:30", { status: "planned" });
    const absent = await session("2024-02-26", "10:00", "11:30");
    await t.db.update(sessionParticipants).set({ attendance: "absent" }).where(eq(sessionParticipants.sessionId, absent));
    await session("2024-03-04", "10:00", "11:30");

    const file = await generateDocument(ctx(caseManager), { type: "attendance", format: "pdf", clientId, month: "2024-02" });
    const pdf = await text(file.base64);
    expect(pdf).toContain("Osavõtuleht");
    expect(pdf).toContain("Klient: Olga Ivanova");
    expect(pdf).toContain("Isikukood: puudub");
    expect(pdf).toContain("Kuu: veebruar 2024");
    expect(pdf).toMatch(/05\.02\.2024 SCH\d+ Loovteraapia 10:00–11:30 2,00 Maarja Person \d+/);
    expect(pdf).toMatch(/12\.02\.2024 SCH\d+ Grupinõustamine 09:00–09:45 1,00 Maarja/);
    expect(pdf).not.toContain("19.02.2024");
    expect(pdf).not.toContain("26.02.2024");
    expect(pdf).not.toContain("04.03.2024");
    expect(pdf).toContain("Kokku 2 päeva, 3,00 akadeemilist tundi.");
    expect(pdf).toContain("Kliendi allkiri");
    expect(await listDocuments(ctx(caseManager), { clientId })).toEqual([
      expect.objectContaining({ type: "attendance", format: "pdf", params: { month: "2024-02", empty: "true" } }),
    ]);
  });

  it("says when the month has no sessions, and makes an empty sheet when asked", async () => {
    const clientId = await client();
    const err = await appErrorOf(generateDocument(ctx(caseManager), { type: "attendance", format: "pdf", clientId, month: "2024-07" }));
    expect(err).toMatchObject({
      code: "CONFLICT",
      field: "month",
      messageKey: "errors.attendanceMonthEmpty",
      params: { month: "2024-07" },
    });
    expect(await listDocuments(ctx(caseManager), { clientId })).toHaveLength(0);
    const empty = await generateDocument(ctx(caseManager), { type: "attendance", format: "pdf", clientId, month: "2024-07", empty: true });
    expect(await text(empty.base64)).toContain("Kuus ei ole süsteemis osutatud teenuseid; leht on täitmiseks käsitsi.");
    const again = await downloadDocument(ctx(specialist), { documentId: empty.documentId });
    expect(again.unchanged).toBe(true);
  });

  it("is refused to someone who reads only the administrative record", async () => {
    const clientId = await client();
    expect(
      (await appErrorOf(generateDocument(ctx(adminOnly), { type: "attendance", format: "pdf", clientId, month: "2024-02", empty: true })))
        .code,
    ).toBe("FORBIDDEN");
  });
});

describe("the signed scan", () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);

  it("refuses anything but a PDF, PNG or JPEG by its bytes, and anything over 5 MB, writing nothing", async () => {
    const clientId = await client();
    const sheet = await generateDocument(ctx(caseManager), { type: "attendance", format: "pdf", clientId, month: "2024-08", empty: true });
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00", "latin1");
    expect(await appErrorOf(attachScan(ctx(caseManager), { documentId: sheet.documentId, bytes: gif }))).toMatchObject({
      code: "INVALID_INPUT",
      field: "file",
      messageKey: "errors.scanType",
    });
    // A text file named .pdf is still text.
    expect(
      (await appErrorOf(attachScan(ctx(caseManager), { documentId: sheet.documentId, bytes: Buffer.from("not really a pdf") }))).messageKey,
    ).toBe("errors.scanType");
    const huge = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(SCAN_MAX_BYTES)]);
    expect(await appErrorOf(attachScan(ctx(caseManager), { documentId: sheet.documentId, bytes: huge }))).toMatchObject({
      code: "INVALID_INPUT",
      field: "file",
      messageKey: "errors.scanTooLarge",
    });
    expect(await t.sql`SELECT 1 FROM document_scans WHERE document_id = ${sheet.documentId}`).toHaveLength(0);
  });

  it("marks the sheet received and signed, shows it in the register, and keeps the first scan", async () => {
    const clientId = await client();
    const sheet = await generateDocument(ctx(caseManager), { type: "attendance", format: "pdf", clientId, month: "2024-09", empty: true });
    expect((await listDocuments(ctx(caseManager), { clientId }))[0]!.signedScanAt).toBeNull();
    const done = await attachScan(ctx(caseManager), { documentId: sheet.documentId, bytes: png });
    expect(done).toMatchObject({ mime: "image/png", size: png.length });
    expect((await listDocuments(ctx(caseManager), { clientId }))[0]!.signedScanAt).toBeInstanceOf(Date);
    expect((await appErrorOf(attachScan(ctx(caseManager), { documentId: sheet.documentId, bytes: png }))).code).toBe("CONFLICT");
    const back = await readScan(ctx(specialist), { documentId: sheet.documentId });
    expect(back.mime).toBe("image/png");
    expect(Buffer.compare(back.bytes, png)).toBe(0);
    expect((await appErrorOf(attachScan(ctx(adminOnly), { documentId: sheet.documentId, bytes: png }))).code).toBe("FORBIDDEN");
  });

  it("takes a scan only for an attendance sheet", async () => {
    const clientId = await client();
    const sheet = await generateDocument(ctx(caseManager), { type: "attendance", format: "pdf", clientId, month: "2024-10", empty: true });
    await t.sql`UPDATE generated_documents SET type = 'dataset' WHERE id = ${sheet.documentId}`;
    expect((await appErrorOf(attachScan(ctx(caseManager), { documentId: sheet.documentId, bytes: png }))).messageKey).toBe(
      "errors.scanOnlyAttendance",
    );
  });
});
