import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { fundingDecisions, summaryAssessments } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingSource, makeService } from "@/server/testing/funding-factories";
import { invoiceMaker } from "@/server/testing/invoice-factories";
import { pdfPagesText } from "@/server/testing/pdf-text";
import { listDue } from "./due";
import { downloadDocument, generateDocument } from "./register";
import { defaultSettings, saveTemplate } from "./templates";
import { getSummary, saveSummary, summariesOfInvoice } from "./summary";

const t = await useTestDatabase();

let unit: string;
let caseManager: Actor;
let teamMember: Actor;
let ehtSource: string;
let srtSource: string;
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
// One maker for the file: it numbers the invoices it confirms.
const invoice = invoiceMaker(t.db);

beforeAll(async () => {
  unit = await makeUnit(t.db);
  const clinical = { "clients:read": "own", "clients:read_clinical": "own" } as const;
  caseManager = await makeActor(t.db, { permissions: clinical, unitIds: [unit], firstName: "Liis" });
  teamMember = await makeActor(t.db, { permissions: clinical, unitIds: [unit] });
  ehtSource = await makeFundingSource(t.db, { kind: "EHT" });
  srtSource = await makeFundingSource(t.db, { kind: "SRT" });
});

async function client() {
  return makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId, teamIds: [teamMember.employeeId] });
}

const written = {
  goals: [
    { goal: "Tuleb toime igapäevaste ostudega", met: true, reason: "Käib poes iseseisvalt." },
    { goal: "Leiab töökoha", met: false, reason: "Tervis halvenes, töötamine lükkus edasi." },
  ],
  activities: "Igapäevaelu toetamine kaks korda nädalas, rühmatöö.",
  supportNeed: "Vajab jätkuvalt toetust raha planeerimisel.",
  invoiceId: null,
};

describe("the EHT summary assessment", () => {
  it("is reminded 3 months before the decision ends (shown two weeks ahead) until it is written", async () => {
    const clientId = await client();
    const decisionId = await makeDecision(t.db, { clientId, fundingSourceId: ehtSource, startDate: "2026-01-01", endDate: "2027-03-31" });
    const due = (today: string) => listDue(ctx(caseManager), { clientId, today });
    expect(await due("2026-12-16")).toEqual([]);
    expect(await due("2026-12-17")).toEqual([
      expect.objectContaining({ kind: "summary", decisionId, dueDate: "2026-12-31", overdue: false }),
    ]);
    expect((await due("2027-01-02"))[0]).toMatchObject({ overdue: true });
    await saveSummary(ctx(caseManager), { clientId, decisionId, ...written });
    expect(await due("2027-01-02")).toEqual([]);
  });

  it("refuses a summary without goals, a goal without its reason, or a non-EHT decision, naming the field", async () => {
    const clientId = await client();
    const decisionId = await makeDecision(t.db, { clientId, fundingSourceId: ehtSource, startDate: "2026-01-01", endDate: "2027-03-31" });
    expect(await appErrorOf(saveSummary(ctx(caseManager), { clientId, decisionId, ...written, goals: [] }))).toMatchObject({
      field: "goals",
      messageKey: "planErrors.summaryGoalsRequired",
    });
    const noReason = [{ ...written.goals[1]!, reason: " " }];
    expect(await appErrorOf(saveSummary(ctx(caseManager), { clientId, decisionId, ...written, goals: noReason }))).toMatchObject({
      field: "goals",
      messageKey: "planErrors.summaryReasonRequired",
      params: { goal: "Leiab töökoha" },
    });
    expect(await appErrorOf(saveSummary(ctx(caseManager), { clientId, decisionId, ...written, supportNeed: "" }))).toMatchObject({
      field: "supportNeed",
    });
    const srt = await makeDecision(t.db, { clientId, fundingSourceId: srtSource, startDate: "2026-01-01", endDate: "2026-12-31" });
    expect(await appErrorOf(saveSummary(ctx(caseManager), { clientId, decisionId: srt, ...written }))).toMatchObject({
      field: "decisionId",
      messageKey: "planErrors.summaryOnlyEht",
    });
    expect((await appErrorOf(saveSummary(ctx(teamMember), { clientId, decisionId, ...written }))).code).toBe("FORBIDDEN");
    expect(await t.db.select().from(summaryAssessments).where(eq(summaryAssessments.clientId, clientId))).toHaveLength(0);
  });

  it("is attached to the decision's last invoice, prints goals, reasons and the invoice, and is registered", async () => {
    const clientId = await client();
    const service = await makeService(t.db);
    const invoiceId = await invoice({ funder: ehtSource, lines: [{ client: clientId, service, cents: 13700 }], due: "2026-07-15" });
    const [decision] = await t.db.select().from(fundingDecisions).where(eq(fundingDecisions.clientId, clientId));
    const decisionId = decision!.id;
    // An invoice of another decision is refused.
    const other = await invoice({ funder: srtSource, lines: [{ client: clientId, service, cents: 100 }], due: "2026-07-15" });
    expect(await appErrorOf(saveSummary(ctx(caseManager), { clientId, decisionId, ...written, invoiceId: other }))).toMatchObject({
      field: "invoiceId",
      messageKey: "planErrors.invoiceNotOfDecision",
    });
    const { invoices } = await getSummary(ctx(teamMember), { clientId, decisionId });
    expect(invoices.map((i) => i.id)).toEqual([invoiceId]);
    const saved = await saveSummary(ctx(caseManager), { clientId, decisionId, ...written, invoiceId });
    expect(saved).toMatchObject({ invoiceNumber: expect.stringMatching(/^RR\d+$/), updatedBy: expect.stringMatching(/^Liis /) });
    expect((await auditRows(t.db, "summary_assessment.save")).at(-1)).toMatchObject({ clientId, targetId: decisionId });
    // The invoice's page names the attached summary; the other invoice has none.
    const accountant = await makeActor(t.db, { permissions: { "billing:read": "all" } });
    expect(await summariesOfInvoice(ctx(accountant), { invoiceId })).toEqual([
      { clientId, clientName: expect.stringMatching(/^Client /), decisionId, decisionNumber: decision!.decisionNumber },
    ]);
    expect(await summariesOfInvoice(ctx(accountant), { invoiceId: other })).toEqual([]);

    const file = await generateDocument(ctx(teamMember), { type: "summary_assessment", format: "pdf", clientId, decisionId });
    const text = (await pdfPagesText(Buffer.from(file.base64, "base64"))).join(" ");
    for (const expected of [
      "Erihoolekandeteenuse kokkuvõttev hinnang",
      `Lisatud arvele: nr ${saved!.invoiceNumber}`,
      "Tuleb toime igapäevaste ostudega jah Käib poes iseseisvalt.",
      "Leiab töökoha ei Tervis halvenes, töötamine lükkus edasi.",
      "Igapäevaelu toetamine kaks korda nädalas, rühmatöö.",
      "Vajab jätkuvalt toetust raha planeerimisel.",
    ])
      expect(text).toContain(expected);
  });

  it("is laid out with its template; attached to a numbered invoice it downloads again exactly as it was", async () => {
    const admin = await makeActor(t.db, { permissions: { "settings:read": "all", "settings:manage": "all" } });
    const clientId = await client();
    const service = await makeService(t.db);
    const invoiceId = await invoice({
      funder: ehtSource,
      lines: [{ client: clientId, service, cents: 5000 }],
      due: "2026-07-15",
    });
    const [decision] = await t.db.select().from(fundingDecisions).where(eq(fundingDecisions.clientId, clientId));
    const key = { clientId, decisionId: decision!.id };
    await saveSummary(ctx(caseManager), { ...key, ...written, invoiceId });
    const sent = await generateDocument(ctx(caseManager), { type: "summary_assessment", format: "pdf", ...key });
    await saveTemplate(ctx(admin), {
      type: "summary_assessment",
      settings: {
        ...defaultSettings("summary_assessment"),
        hiddenColumns: ["reason"],
        signatureLines: ["Juhataja", "Klient"],
        texts: { heading: "Teenuse lõpuhinnang", closing: "" },
      },
    });
    await saveSummary(ctx(caseManager), { ...key, ...written, activities: "Hiljem muudetud tegevused.", invoiceId });
    const again = await downloadDocument(ctx(teamMember), { documentId: sent.documentId });
    expect(again.unchanged).toBe(true);
    expect(Buffer.from(again.base64, "base64").equals(Buffer.from(sent.base64, "base64"))).toBe(true);

    const next = await generateDocument(ctx(caseManager), { type: "summary_assessment", format: "pdf", ...key });
    const text = (await pdfPagesText(Buffer.from(next.base64, "base64"))).join(" ");
    for (const expected of ["Teenuse lõpuhinnang", "Hiljem muudetud tegevused.", "Juhataja", "Tuleb toime igapäevaste ostudega jah"])
      expect(text).toContain(expected);
    expect(text).not.toContain("Käib poes iseseisvalt.");
    expect(text).not.toContain("Erihoolekandeteenuse kokkuvõttev hinnang");
  });
});
