import { beforeAll, describe, expect, it } from "vitest";
import { serviceEntries } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import { translateDbError } from "@/server/errors";
import { createEntry } from "@/server/funding/entries";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { pdfPagesText } from "@/server/testing/pdf-text";
import { getAssessment, saveAssessment, signDataset } from "./assessment";
import { generateDocument } from "./register";

const t = await useTestDatabase();

let world: FundingWorld;
let unit: string;
let caseManager: Actor;
let specialist: Actor;
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeFundingWorld(t.db);
  caseManager = await makeActor(t.db, {
    permissions: { "clients:read": "own", "clients:read_clinical": "own" },
    unitIds: [unit],
    firstName: "Liis",
  });
  specialist = await makeActor(t.db, { permissions: { "clients:read": "own", "clients:read_clinical": "own" }, unitIds: [unit] });
});

async function funded() {
  const clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId, teamIds: [specialist.employeeId] });
  const decisionId = await makeDecision(t.db, {
    clientId,
    fundingSourceId: world.sourceId,
    startDate: "2019-01-01",
    endDate: "2019-12-31",
  });
  return { clientId, decisionId };
}
const enter = (c: { clientId: string; decisionId: string }, serviceDate: string) =>
  createEntry(
    { db: t.db, actor: specialist, ip: null },
    { ...c, serviceId: world.serviceId, serviceDate, units: 1, specialistId: specialist.employeeId, description: "Nõustamine" },
  );

describe("impact assessment and signing", () => {
  it("the case manager writes the assessment, signs the period, and the dataset shows both", async () => {
    const c = await funded();
    await enter(c, "2019-03-04");
    const refused = await appErrorOf(signDataset(ctx(caseManager), { ...c }));
    expect(refused).toMatchObject({ code: "INVALID_INPUT", field: "impactAssessment", messageKey: "errors.assessmentRequired" });
    await saveAssessment(ctx(caseManager), { ...c, impactAssessment: "Ärevus vähenes; klient käib tööl." });
    const signed = await signDataset(ctx(caseManager), { ...c, from: "2019-01-01", to: "2019-06-30" });
    expect(signed).toMatchObject({
      impactAssessment: "Ärevus vähenes; klient käib tööl.",
      signedBy: expect.stringMatching(/^Liis /),
      signedFrom: "2019-01-01",
      signedTo: "2019-06-30",
    });
    expect(await getAssessment(ctx(specialist), c)).toMatchObject({ signedFrom: "2019-01-01" });
    const file = await generateDocument(ctx(specialist), { type: "dataset", format: "pdf", ...c, from: "2019-01-01", to: "2019-06-30" });
    const text = (await pdfPagesText(Buffer.from(file.base64, "base64"))).join(" ");
    expect(text).toContain("Ärevus vähenes; klient käib tööl.");
    expect(text).toMatch(/Andmestiku perioodi 01\.01\.2019–30\.06\.2019 allkirjastas Liis Person \d+ \d\d\.\d\d\.\d{4}\./);
  });

  it("freezes the signed period's entries, also for plain SQL, and leaves later days open", async () => {
    const c = await funded();
    await enter(c, "2019-02-01");
    await saveAssessment(ctx(caseManager), { ...c, impactAssessment: "Hinnang" });
    await signDataset(ctx(caseManager), { ...c, from: "2019-01-01", to: "2019-03-31" });
    const err = translateDbError(await enter(c, "2019-03-15").catch((e: unknown) => e));
    expect(err).toMatchObject({
      code: "MONTH_LOCKED",
      messageKey: "errors.datasetSigned",
      params: expect.objectContaining({ from: "2019-01-01", to: "2019-03-31" }),
    });
    expect((await pgErrorFrom(t.sql`UPDATE service_entries SET units = 2 WHERE decision_id = ${c.decisionId}`)).constraint).toBe(
      "dataset_signed",
    );
    expect((await pgErrorFrom(t.sql`DELETE FROM service_entries WHERE decision_id = ${c.decisionId}`)).constraint).toBe("dataset_signed");
    expect(await enter(c, "2019-04-01")).toMatchObject({ amountCents: expect.any(Number) });
    // The signature itself cannot be changed or removed.
    expect(
      (await pgErrorFrom(t.sql`UPDATE dataset_assessments SET impact_assessment = 'muudetud' WHERE decision_id = ${c.decisionId}`))
        .constraint,
    ).toBe("dataset_signed");
    expect((await pgErrorFrom(t.sql`DELETE FROM dataset_assessments WHERE decision_id = ${c.decisionId}`)).constraint).toBe(
      "dataset_signed",
    );
    expect((await appErrorOf(saveAssessment(ctx(caseManager), { ...c, impactAssessment: "uus" }))).code).toBe("CONFLICT");
    expect((await appErrorOf(signDataset(ctx(caseManager), { ...c }))).messageKey).toBe("errors.datasetAlreadySigned");
    expect(await t.db.select().from(serviceEntries)).not.toHaveLength(0);
  });

  it("lets only the case manager (or clients:update) write and sign; a period outside the decision is refused", async () => {
    const c = await funded();
    expect((await appErrorOf(saveAssessment(ctx(specialist), { ...c, impactAssessment: "x" }))).code).toBe("FORBIDDEN");
    await saveAssessment(ctx(caseManager), { ...c, impactAssessment: "Hinnang" });
    expect((await appErrorOf(signDataset(ctx(specialist), { ...c }))).code).toBe("FORBIDDEN");
    expect(await appErrorOf(signDataset(ctx(caseManager), { ...c, from: "2018-12-01", to: "2019-01-31" }))).toMatchObject({
      field: "from",
      messageKey: "errors.documentPeriodOutsideDecision",
    });
  });
});
