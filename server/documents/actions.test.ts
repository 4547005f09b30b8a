import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { specialties } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingSource, makePriceVersion, makeService } from "@/server/testing/funding-factories";
import { documentActions } from "./actions";
import { saveAssessment, signDataset } from "./assessment";
import { changePlanStatus } from "./plan-status";
import { createPlan, LIFE_AREAS, listPlans, updatePlan, type PlanContent } from "./plans";
import { generateDocument } from "./register";
import { attachScan } from "./scans";
import { saveSummary } from "./summary";

/**
 * The buttons of the Dokumendid tab follow flags the server computes (documents.actions and each
 * plan's `actions`). For every role here, each flag must say exactly whether its mutation goes
 * through: a button shown is never refused, a button hidden would have been.
 */

const t = await useTestDatabase();

let unit: string;
let caseManager: Actor;
let service: string;
let srtSource: string;
let ehtSource: string;
const roles: Record<string, Actor> = {};
const spec: string[] = [];
const ctx = (actor: Actor): DomainContext<typeof t.db> => ({ db: t.db, actor, ip: null });

beforeAll(async () => {
  unit = await makeUnit(t.db);
  const clinical = { "clients:read": "own", "clients:read_clinical": "own" } as const;
  caseManager = await makeActor(t.db, { permissions: clinical, unitIds: [unit], firstName: "Liis" });
  roles.caseManager = caseManager;
  roles.teamMember = await makeActor(t.db, { permissions: clinical, unitIds: [unit] });
  roles.unitHeadWhoUpdates = await makeActor(t.db, {
    permissions: { "clients:read": "unit", "clients:read_clinical": "unit", "clients:update": "unit" },
    headOf: [unit],
    unitIds: [unit],
  });
  roles.unitHeadReading = await makeActor(t.db, {
    permissions: { "clients:read": "unit", "clients:read_clinical": "unit" },
    headOf: [unit],
    unitIds: [unit],
  });
  roles.frontDesk = await makeActor(t.db, { permissions: { "clients:read": "unit", "clients:update": "unit" }, unitIds: [unit] });
  roles.outsider = await makeActor(t.db, { permissions: clinical, unitIds: [await makeUnit(t.db)] });
  for (const [code, nameEt] of [
    ["social_worker", "Sotsiaaltöötaja"],
    ["special_educator", "Eripedagoog"],
    ["psychologist", "Psühholoog"],
  ] as const) {
    await t.db.insert(specialties).values({ code, nameEt, nameEn: code }).onConflictDoNothing();
    const [row] = await t.db.select().from(specialties).where(eq(specialties.code, code));
    spec.push(row!.id);
  }
  srtSource = await makeFundingSource(t.db, { kind: "SRT" });
  ehtSource = await makeFundingSource(t.db, { kind: "EHT" });
  service = await makeService(t.db);
  await makePriceVersion(t.db, {
    fundingSourceId: srtSource,
    validFrom: "2026-01-01",
    items: [{ serviceId: service, unitPriceCents: 4000 }],
  });
});

const content = (): PlanContent => ({
  firstMeetingDate: "2026-09-10",
  assessmentDate: "2026-09-20",
  validFrom: "2026-10-01",
  validTo: "2027-08-31",
  team: spec.map((specialtyId, i) => ({ name: `Spetsialist ${i + 1}`, specialtyId })),
  functioning: Object.fromEntries(LIFE_AREAS.map((a) => [a, ""])) as PlanContent["functioning"],
  problems: "Ärevus",
  goals: [{ text: "Naaseb tööle" }],
  services: [{ serviceId: service, units: 5, frequency: "kord nädalas", specialists: "Spetsialist 1" }],
  assistiveDevices: "",
  recommendations: "",
  network: "",
});

/** true: the mutation went through; false: refused as not allowed (or the client as not found). */
async function goesThrough(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (err) {
    if (err instanceof AppError && (err.code === "FORBIDDEN" || err.code === "NOT_FOUND")) return false;
    throw err;
  }
}

describe("the documents tab's buttons", () => {
  it.each(["caseManager", "teamMember", "unitHeadWhoUpdates", "unitHeadReading", "frontDesk", "outsider"])(
    "for the %s, each flag matches what its mutation allows",
    async (role) => {
      const actor = roles[role]!;
      const clientId = await makeClient(t.db, {
        unitIds: [unit],
        caseManagerId: caseManager.employeeId,
        teamIds: [roles.teamMember!.employeeId],
      });
      const decisionId = await makeDecision(t.db, { clientId, fundingSourceId: srtSource, startDate: "2026-09-01", endDate: "2027-08-31" });
      const ehtId = await makeDecision(t.db, { clientId, fundingSourceId: ehtSource, startDate: "2026-01-01", endDate: "2027-03-31" });
      const { id: planId } = await createPlan(ctx(caseManager), { clientId, decisionId, ...content() });
      const sheet = await generateDocument(ctx(caseManager), {
        type: "attendance",
        format: "pdf",
        clientId,
        month: "2026-11",
        empty: true,
      });

      const flags = await documentActions(ctx(actor), { clientId }).catch((err: unknown) => {
        if (err instanceof AppError && err.code === "NOT_FOUND") return { generate: false, writeClinical: false, uploadScan: false };
        throw err;
      });
      const plans = await listPlans(ctx(actor), { clientId }).catch(() => null);
      const planFlags = plans?.find((p) => p.id === planId)?.actions ?? { edit: false, moves: [] };

      const done = {
        generate: await goesThrough(
          generateDocument(ctx(actor), { type: "attendance", format: "pdf", clientId, month: "2026-10", empty: true }),
        ),
        uploadScan: await goesThrough(attachScan(ctx(actor), { documentId: sheet.documentId, bytes: Buffer.from("%PDF-1.4\n%%EOF\n") })),
        assessment: await goesThrough(saveAssessment(ctx(actor), { clientId, decisionId, impactAssessment: "Hinnang" })),
        sign: await goesThrough(signDataset(ctx(actor), { clientId, decisionId })),
        newPlan: await goesThrough(createPlan(ctx(actor), { clientId, decisionId, ...content() })),
        summary: await goesThrough(
          saveSummary(ctx(actor), {
            clientId,
            decisionId: ehtId,
            goals: [{ goal: "Eesmärk", met: true, reason: "Põhjus" }],
            activities: "Tegevused",
            supportNeed: "Toetusvajadus",
            invoiceId: null,
          }),
        ),
        edit: await goesThrough(updatePlan(ctx(actor), { planId, ...content() })),
        move: await goesThrough(changePlanStatus(ctx(actor), { planId, to: "sent_to_client" })),
      };
      expect({
        generate: flags.generate,
        uploadScan: flags.uploadScan,
        assessment: flags.writeClinical,
        sign: flags.writeClinical,
        newPlan: flags.writeClinical,
        summary: flags.writeClinical,
        edit: planFlags.edit,
        move: planFlags.moves.includes("sent_to_client"),
      }).toEqual(done);
    },
  );

  // Each role gets a different mix, so a flag that were always on or always off would be noticed above.
  it("the roles differ: the case manager writes, the team reads, the front desk only marks sheets received", async () => {
    const clientId = await makeClient(t.db, {
      unitIds: [unit],
      caseManagerId: caseManager.employeeId,
      teamIds: [roles.teamMember!.employeeId],
    });
    expect(await documentActions(ctx(caseManager), { clientId })).toEqual({ generate: true, writeClinical: true, uploadScan: false });
    expect(await documentActions(ctx(roles.teamMember!), { clientId })).toEqual({
      generate: true,
      writeClinical: false,
      uploadScan: false,
    });
    expect(await documentActions(ctx(roles.unitHeadWhoUpdates!), { clientId })).toEqual({
      generate: true,
      writeClinical: true,
      uploadScan: true,
    });
    expect(await documentActions(ctx(roles.frontDesk!), { clientId })).toEqual({ generate: false, writeClinical: false, uploadScan: true });
  });
});
