import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { clients, type TemplateSettings } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import { createEntry } from "@/server/funding/entries";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { onePixelPng, pngDataUrl } from "@/server/testing/images";
import { pdfPagesText } from "@/server/testing/pdf-text";
import { saveAssessment, signDataset } from "./assessment";
import { downloadDocument, generateDocument } from "./register";
import { previewTemplate } from "./template-preview";
import { defaultSettings, getTemplate, saveTemplate } from "./templates";

const t = await useTestDatabase();

let world: FundingWorld;
let unit: string;
let admin: Actor;
let caseManager: Actor;
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const bytesOf = (file: { base64: string }) => Buffer.from(file.base64, "base64");
const textOf = async (file: { base64: string }) => (await pdfPagesText(bytesOf(file))).join(" ");
const hasImage = (file: { base64: string }) => /\/Subtype \/Image/.test(bytesOf(file).toString("latin1"));

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeFundingWorld(t.db);
  admin = await makeActor(t.db, { permissions: { "settings:read": "all", "settings:manage": "all" }, unitIds: [unit] });
  caseManager = await makeActor(t.db, {
    permissions: { "clients:read": "own", "clients:read_clinical": "own", "settings:read": "all" },
    unitIds: [unit],
    firstName: "Liis",
  });
});

async function fundedWithEntry() {
  const clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId });
  const decisionId = await makeDecision(t.db, {
    clientId,
    fundingSourceId: world.sourceId,
    startDate: "2019-01-01",
    endDate: "2019-12-31",
    number: `T${Math.floor(Math.random() * 900000 + 100000)}`,
  });
  await createEntry(ctx(caseManager), {
    clientId,
    decisionId,
    serviceId: world.serviceId,
    serviceDate: "2019-03-04",
    units: 1,
    specialistId: caseManager.employeeId,
    description: "Nõustamine",
  });
  return { clientId, decisionId };
}

const settings = (over: Partial<TemplateSettings>): TemplateSettings => ({ ...defaultSettings("dataset"), ...over });

describe("document templates", () => {
  it("an administrator changes the logo and the footer text, and the next PDF shows them", async () => {
    const c = await fundedWithEntry();
    const before = await generateDocument(ctx(caseManager), { type: "dataset", format: "pdf", ...c });
    expect(await textOf(before)).not.toContain("Meie jalus 2026");
    expect(hasImage(before)).toBe(false);

    const saved = await saveTemplate(ctx(admin), {
      type: "dataset",
      settings: settings({
        footerText: "Meie jalus 2026",
        headerText: "Tegevusluba nr 123",
        texts: { heading: "Teenuse päevik", closing: "" },
      }),
      logoDataUrl: pngDataUrl(onePixelPng()),
    });
    expect(saved.version).toBe(1);
    const after = await generateDocument(ctx(caseManager), { type: "dataset", format: "pdf", ...c });
    const text = await textOf(after);
    expect(text).toContain("Meie jalus 2026");
    expect(text).toContain("Tegevusluba nr 123");
    expect(text).toContain("Teenuse päevik");
    expect(text).not.toContain("Kliendi andmestik (kliendipäevik)");
    expect(hasImage(after)).toBe(true);
    expect(await auditRows(t.db, "document_template.save")).not.toHaveLength(0);
  });

  it("leaves out the columns and uses the signature lines the template says", async () => {
    const c = await fundedWithEntry();
    await saveTemplate(ctx(admin), {
      type: "dataset",
      settings: settings({ hiddenColumns: ["description"], signatureLines: ["Juhataja"] }),
    });
    const text = await textOf(await generateDocument(ctx(caseManager), { type: "dataset", format: "pdf", ...c }));
    expect(text).not.toContain("Mida tehti");
    expect(text).not.toContain("Nõustamine");
    expect(text).toContain("Juhataja");
    expect(text).not.toContain("Teenuse osutaja esindaja (juhtumikorraldaja)");
  });

  it("saves a new version each time and keeps the old ones as they were, also against plain SQL", async () => {
    const first = await saveTemplate(ctx(admin), { type: "attendance", settings: { ...defaultSettings("attendance"), footerText: "v1" } });
    const second = await saveTemplate(ctx(admin), { type: "attendance", settings: { ...defaultSettings("attendance"), footerText: "v2" } });
    expect(second.version).toBe(first.version + 1);
    const got = await getTemplate(ctx(caseManager), { type: "attendance" });
    expect(got).toMatchObject({ version: second.version, settings: { footerText: "v2" } });
    expect(got.versions.map((v) => v.version)).toEqual([second.version, first.version]);
    expect((await pgErrorFrom(t.sql`UPDATE document_templates SET settings = '{}'::jsonb WHERE type = 'attendance'`)).constraint).toBe(
      "document_templates_append_only",
    );
    expect((await pgErrorFrom(t.sql`DELETE FROM document_templates WHERE type = 'attendance'`)).constraint).toBe(
      "document_templates_append_only",
    );
  });

  it("is saved and previewed only with settings:manage; bad settings are refused naming the field", async () => {
    const s = { type: "confirmation" as const, settings: defaultSettings("confirmation") };
    expect((await appErrorOf(saveTemplate(ctx(caseManager), s))).code).toBe("FORBIDDEN");
    expect((await appErrorOf(previewTemplate(ctx(caseManager), s))).code).toBe("FORBIDDEN");
    expect(await appErrorOf(saveTemplate(ctx(admin), { ...s, settings: { ...s.settings, hiddenColumns: ["date"] } }))).toMatchObject({
      code: "INVALID_INPUT",
      field: "hiddenColumns",
      messageKey: "errors.templateColumnUnknown",
    });
    expect(await appErrorOf(saveTemplate(ctx(admin), { ...s, logoDataUrl: "data:image/png;base64,AAAA" }))).toMatchObject({
      field: "logo",
      messageKey: "errors.logoType",
    });
    const preview = await previewTemplate(ctx(admin), { ...s, settings: { ...s.settings, footerText: "Eelvaade jalus" } });
    const text = await textOf(preview);
    expect(text).toContain("Eelvaade jalus");
    expect(text).toContain("Näidis Klient");
    // A preview stores nothing.
    expect((await getTemplate(ctx(admin), { type: "confirmation" })).version).toBe(0);
  });

  it("makes a signed dataset again byte for byte as it was, though the template and the data changed since", async () => {
    const c = await fundedWithEntry();
    await saveTemplate(ctx(admin), { type: "dataset", settings: settings({ footerText: "Vana jalus" }) });
    await saveAssessment(ctx(caseManager), { ...c, impactAssessment: "Eesmärgid täidetud." });
    await signDataset(ctx(caseManager), { ...c, from: "2019-01-01", to: "2019-06-30" });
    const signed = await generateDocument(ctx(caseManager), { type: "dataset", format: "pdf", ...c, from: "2019-01-01", to: "2019-06-30" });

    await saveTemplate(ctx(admin), {
      type: "dataset",
      settings: settings({ footerText: "Uus jalus", hiddenColumns: ["kind", "time"], accentColor: "#aa0000" }),
      logoDataUrl: pngDataUrl(onePixelPng([255, 0, 0])),
    });
    // The client's name is corrected since: today's dataset shows the new one, the signed one keeps what was signed.
    await t.db.update(clients).set({ lastName: "Uusnimi" }).where(eq(clients.id, c.clientId));
    const again = await downloadDocument(ctx(caseManager), { documentId: signed.documentId });
    expect(again.unchanged).toBe(true);
    expect(bytesOf(again).equals(bytesOf(signed))).toBe(true);
    expect(await textOf(again)).toContain("Vana jalus");

    const fresh = await generateDocument(ctx(caseManager), { type: "dataset", format: "pdf", ...c, from: "2019-01-01", to: "2019-06-30" });
    expect(await textOf(fresh)).toContain("Uus jalus");
    expect(await textOf(fresh)).toContain("Uusnimi");
    expect(await textOf(again)).not.toContain("Uusnimi");
  });
});
