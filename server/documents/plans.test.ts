import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { casePlanItems, casePlans, decisionServiceLimits, generatedDocuments, rehabilitationPlans, specialties } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import { translateDbError } from "@/server/errors";
import { createEntry } from "@/server/funding/entries";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingSource, makePriceVersion, makeService } from "@/server/testing/funding-factories";
import { makeSession, tallinnWinter } from "@/server/testing/scheduling-factories";
import { pdfPagesText } from "@/server/testing/pdf-text";
import { exportClient } from "@/server/clients/privacy";
import { listDue } from "./due";
import { changePlanStatus } from "./plan-status";
import { createPlan, getPlan, LIFE_AREAS, updatePlan, type PlanContent } from "./plans";
import { downloadDocument, generateDocument } from "./register";
import { defaultSettings, saveTemplate } from "./templates";

const t = await useTestDatabase();

let unit: string;
let caseManager: Actor;
let teamMember: Actor;
let unitHead: Actor;
let outsider: Actor;
let trtSource: string;
let srtSource: string;
let trtService: string;
let otherService: string;
const spec: Record<string, string> = {};
const ctx = (actor: Actor): DomainContext<typeof t.db> => ({ db: t.db, actor, ip: null });

beforeAll(async () => {
  unit = await makeUnit(t.db);
  const otherUnit = await makeUnit(t.db);
  const clinical = { "clients:read": "own", "clients:read_clinical": "own" } as const;
  caseManager = await makeActor(t.db, { permissions: clinical, unitIds: [unit], firstName: "Liis" });
  teamMember = await makeActor(t.db, { permissions: clinical, unitIds: [unit] });
  unitHead = await makeActor(t.db, { permissions: { "clients:read": "unit", "clients:read_clinical": "unit" }, headOf: [unit] });
  outsider = await makeActor(t.db, { permissions: clinical, unitIds: [otherUnit] });
  for (const [code, nameEt] of [
    ["social_worker", "Sotsiaaltöötaja"],
    ["special_educator", "Eripedagoog"],
    ["psychologist", "Psühholoog"],
  ] as const) {
    await t.db.insert(specialties).values({ code, nameEt, nameEn: code }).onConflictDoNothing();
    const [row] = await t.db.select().from(specialties).where(eq(specialties.code, code));
    spec[code] = row!.id;
  }
  trtSource = await makeFundingSource(t.db, { kind: "TRT" });
  srtSource = await makeFundingSource(t.db, { kind: "SRT" });
  trtService = await makeService(t.db, { code: "TRT-P", nameEt: "Psühholoogiline nõustamine", billingUnit: "academic_hour" });
  otherService = await makeService(t.db, { code: "TRT-F", nameEt: "Füsioteraapia", billingUnit: "academic_hour" });
  for (const fundingSourceId of [trtSource, srtSource])
    await makePriceVersion(t.db, {
      fundingSourceId,
      validFrom: "2026-01-01",
      items: [
        { serviceId: trtService, unitPriceCents: 4500 },
        { serviceId: otherService, unitPriceCents: 4000 },
      ],
    });
});

async function funded(fundingSourceId: string) {
  const clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId, teamIds: [teamMember.employeeId] });
  const decisionId = await makeDecision(t.db, { clientId, fundingSourceId, startDate: "2026-09-01", endDate: "2027-08-31" });
  return { clientId, decisionId };
}

const content = (over: Partial<PlanContent> = {}): PlanContent => ({
  firstMeetingDate: "2026-09-10",
  assessmentDate: "2026-09-20",
  validFrom: "2026-10-01",
  validTo: "2027-08-31",
  team: [
    { name: "Liis Mets", specialtyId: spec.social_worker! },
    { name: "Jaan Saar", specialtyId: spec.psychologist! },
    { name: "Ülle Õunapuu", specialtyId: spec.special_educator! },
  ],
  functioning: Object.fromEntries(LIFE_AREAS.map((a) => [a, ""])) as PlanContent["functioning"],
  problems: "Ärevus tööle naasmisel",
  goals: [{ text: "Naaseb tööle osalise koormusega" }, { text: "Tuleb toime ühistranspordiga" }],
  services: [
    { serviceId: trtService, units: 10, frequency: "kord nädalas", specialists: "Jaan Saar" },
    { serviceId: otherService, units: 4.5, frequency: "kaks korda kuus", specialists: "Ülle Õunapuu" },
  ],
  assistiveDevices: "",
  recommendations: "Jätkata nõustamist",
  network: "Perearst, Töötukassa juhtumikorraldaja",
  ...over,
});

const walk = async (planId: string, steps: ("sent_to_client" | "client_approved" | "sent_to_funder" | "approved")[]) => {
  for (const to of steps) await changePlanStatus(ctx(caseManager), { planId, to });
};

describe("writing a plan", () => {
  it("refuses a plan without goals or a full team, naming the field, and writes nothing", async () => {
    const c = await funded(trtSource);
    expect(await appErrorOf(createPlan(ctx(caseManager), { ...c, ...content({ goals: [{ text: "  " }] }) }))).toMatchObject({
      code: "INVALID_INPUT",
      field: "goals",
      messageKey: "planErrors.goalsRequired",
    });
    expect(await appErrorOf(createPlan(ctx(caseManager), { ...c, ...content({ team: content().team.slice(0, 2) }) }))).toMatchObject({
      field: "team",
      messageKey: "planErrors.teamTooSmall",
    });
    expect(await t.db.select().from(rehabilitationPlans).where(eq(rehabilitationPlans.clientId, c.clientId))).toHaveLength(0);
  });

  it("for a child asks for a social worker and a special educator in the team", async () => {
    const c = await funded(srtSource);
    // A child: 11 years old on the assessment date.
    await t.sql`UPDATE clients SET personal_code = NULL, birth_date = '2015-03-04' WHERE id = ${c.clientId}`;
    const noEducator = content().team.map((m) => (m.specialtyId === spec.special_educator ? { ...m, specialtyId: spec.psychologist! } : m));
    expect(await appErrorOf(createPlan(ctx(caseManager), { ...c, ...content({ team: noEducator }) }))).toMatchObject({
      field: "team",
      messageKey: "planErrors.childTeam",
    });
    const { id } = await createPlan(ctx(caseManager), { ...c, ...content() });
    expect((await getPlan(ctx(caseManager), { planId: id })).forChild).toBe(true);
    // The database holds the rule too: a child's plan whose team lost its educator cannot leave draft.
    await t.sql`UPDATE rehabilitation_plan_team SET specialty_id = ${spec.psychologist!} WHERE specialty_id = ${spec.special_educator!} AND plan_id = ${id}`;
    expect((await pgErrorFrom(t.sql`UPDATE rehabilitation_plans SET status = 'sent_to_client' WHERE id = ${id}`)).constraint).toBe(
      "rehabilitation_plan_needs_team",
    );
  });
});

describe("the plan's states", () => {
  it("a TRT plan goes through Töötukassa; its services become the decision's hard limits, volumes equal", async () => {
    const c = await funded(trtSource);
    const { id } = await createPlan(ctx(caseManager), { ...c, ...content() });
    await walk(id, ["sent_to_client", "client_approved"]);
    expect(await appErrorOf(changePlanStatus(ctx(caseManager), { planId: id, to: "approved" }))).toMatchObject({
      code: "CONFLICT",
      messageKey: "planErrors.transitionRefused",
      params: { from: "client_approved", to: "approved" },
    });
    expect(await t.db.select().from(decisionServiceLimits).where(eq(decisionServiceLimits.decisionId, c.decisionId))).toHaveLength(0);
    await walk(id, ["sent_to_funder", "approved"]);
    const limits = await t.db.select().from(decisionServiceLimits).where(eq(decisionServiceLimits.decisionId, c.decisionId));
    expect(Object.fromEntries(limits.map((l) => [l.serviceId, Number(l.maxUnits)]))).toEqual({ [trtService]: 10, [otherService]: 4.5 });
    const moves = (await auditRows(t.db, "rehab_plan.status")).filter((r) => r.targetId === id);
    expect(moves.map((r) => (r.details as { to: string }).to)).toEqual(["sent_to_client", "client_approved", "sent_to_funder", "approved"]);

    // The limits hold: 10 academic hours fit, the 11th is refused.
    const entry = (units: number, serviceDate: string) =>
      createEntry(ctx(teamMember), {
        ...c,
        serviceId: trtService,
        serviceDate,
        units,
        specialistId: teamMember.employeeId,
        description: "",
      });
    await entry(10, "2026-10-05");
    expect(translateDbError(await entry(1, "2026-10-06").catch((e: unknown) => e))).toMatchObject({ code: "LIMIT_EXCEEDED" });
  });

  it("an approved or sent plan cannot change, in the application nor in plain SQL", async () => {
    const c = await funded(trtSource);
    const { id } = await createPlan(ctx(caseManager), { ...c, ...content() });
    await walk(id, ["sent_to_client"]);
    expect(await appErrorOf(updatePlan(ctx(caseManager), { planId: id, ...content({ problems: "muu" }) }))).toMatchObject({
      code: "CONFLICT",
      messageKey: "planErrors.notDraft",
    });
    expect((await pgErrorFrom(t.sql`UPDATE rehabilitation_plans SET problems = 'x' WHERE id = ${id}`)).constraint).toBe(
      "rehabilitation_plan_not_draft",
    );
    expect((await pgErrorFrom(t.sql`UPDATE rehabilitation_plan_services SET units = 99 WHERE plan_id = ${id}`)).constraint).toBe(
      "rehabilitation_plan_not_draft",
    );
    expect((await pgErrorFrom(t.sql`UPDATE rehabilitation_plans SET status = 'approved' WHERE id = ${id}`)).constraint).toBe(
      "rehabilitation_plan_transition",
    );
  });

  it("an SRT plan's services become the case plan (soft), not hard limits", async () => {
    const c = await funded(srtSource);
    const { id } = await createPlan(ctx(caseManager), { ...c, ...content() });
    expect(await appErrorOf(changePlanStatus(ctx(caseManager), { planId: id, to: "sent_to_funder" }))).toMatchObject({ code: "CONFLICT" });
    await walk(id, ["sent_to_client", "client_approved", "approved"]);
    const [plan] = await t.db.select().from(casePlans).where(eq(casePlans.decisionId, c.decisionId));
    expect(plan!.goals).toContain("Naaseb tööle osalise koormusega");
    const items = await t.db.select().from(casePlanItems).where(eq(casePlanItems.casePlanId, plan!.id));
    expect(Object.fromEntries(items.map((i) => [i.serviceId, Number(i.plannedUnits)]))).toEqual({ [trtService]: 10, [otherService]: 4.5 });
    expect(await t.db.select().from(decisionServiceLimits).where(eq(decisionServiceLimits.decisionId, c.decisionId))).toHaveLength(0);
  });

  it("two approvals at the same moment: one wins, the limits are written once", async () => {
    const c = await funded(trtSource);
    const { id } = await createPlan(ctx(caseManager), { ...c, ...content() });
    await walk(id, ["sent_to_client", "client_approved", "sent_to_funder"]);
    const results = await Promise.allSettled([
      changePlanStatus(ctx(caseManager), { planId: id, to: "approved" }),
      changePlanStatus(ctx(caseManager), { planId: id, to: "approved" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "CONFLICT", messageKey: "planErrors.transitionRefused" });
    const approvals = (await auditRows(t.db, "rehab_plan.status")).filter(
      (r) => r.targetId === id && (r.details as { to: string }).to === "approved",
    );
    expect(approvals).toHaveLength(1);
  });
});

describe("who may see and write a plan", () => {
  it("the team and the unit head read it; only the case manager writes and moves it; others do not learn it exists", async () => {
    const c = await funded(trtSource);
    const { id } = await createPlan(ctx(caseManager), { ...c, ...content() });
    expect((await getPlan(ctx(teamMember), { planId: id })).goals).toHaveLength(2);
    expect((await getPlan(ctx(unitHead), { planId: id })).services).toHaveLength(2);
    expect((await appErrorOf(getPlan(ctx(outsider), { planId: id }))).code).toBe("NOT_FOUND");
    expect((await appErrorOf(createPlan(ctx(teamMember), { ...c, ...content() }))).code).toBe("FORBIDDEN");
    expect((await appErrorOf(changePlanStatus(ctx(teamMember), { planId: id, to: "sent_to_client" }))).code).toBe("FORBIDDEN");
    expect((await appErrorOf(changePlanStatus(ctx(outsider), { planId: id, to: "sent_to_client" }))).code).toBe("NOT_FOUND");
  });

  it("the client's data export holds the plan with its team and services", async () => {
    const c = await funded(trtSource);
    const { id } = await createPlan(ctx(caseManager), { ...c, ...content() });
    const exporter = await makeActor(t.db, { permissions: { "clients:read": "all", "clients:export": "all" } });
    const data = await exportClient(ctx(exporter), { clientId: c.clientId });
    expect(data.rehabilitationPlans).toEqual([
      expect.objectContaining({
        id,
        goals: ["Naaseb tööle osalise koormusega", "Tuleb toime ühistranspordiga"],
        team: expect.arrayContaining([expect.objectContaining({ name: "Ülle Õunapuu" })]),
        services: expect.arrayContaining([expect.objectContaining({ serviceId: otherService, units: "4.50" })]),
      }),
    ]);
  });
});

describe("the plan as a document", () => {
  it("prints the plan's content and registers it", async () => {
    const c = await funded(trtSource);
    const { id } = await createPlan(ctx(caseManager), {
      ...c,
      ...content({ functioning: { ...content().functioning, mobility: "Liigub iseseisvalt, väsib trepil" } }),
    });
    const file = await generateDocument(ctx(teamMember), { type: "rehab_plan", format: "pdf", clientId: c.clientId, planId: id });
    expect(file.fileName).toMatch(/^tegevuskava_F-\d+_2026-09-20\.pdf$/);
    const text = (await pdfPagesText(Buffer.from(file.base64, "base64"))).join(" ");
    for (const expected of [
      "Tegevuskava",
      "Olek: mustand",
      "Hindamise kuupäev: 20.09.2026",
      "Kehtivus: 01.10.2026–31.08.2027",
      "Ülle Õunapuu Eripedagoog",
      "Liikumine: Liigub iseseisvalt, väsib trepil",
      "1. Naaseb tööle osalise koormusega",
      "2. Tuleb toime ühistranspordiga",
      "TRT-P Psühholoogiline nõustamine 10,00 akadeemiline tund kord nädalas Jaan Saar",
      "TRT-F Füsioteraapia 4,50 akadeemiline tund",
      "Perearst, Töötukassa juhtumikorraldaja",
      "Klient või seaduslik esindaja",
    ])
      expect(text).toContain(expected);
    const [row] = await t.db.select().from(generatedDocuments).where(eq(generatedDocuments.id, file.documentId));
    expect(row).toMatchObject({ type: "rehab_plan", clientId: c.clientId, params: { planId: id, status: "draft" } });
  });
});

describe("the plan's template and snapshot", () => {
  it("a plan sent to the client downloads again byte for byte though template and plan changed; a draft's copy is made anew", async () => {
    const admin = await makeActor(t.db, { permissions: { "settings:read": "all", "settings:manage": "all" } });
    const c = await funded(srtSource);
    const { id } = await createPlan(ctx(caseManager), { ...c, ...content() });
    const pdfText = async (f: { base64: string }) => (await pdfPagesText(Buffer.from(f.base64, "base64"))).join(" ");
    const draft = await generateDocument(ctx(caseManager), { type: "rehab_plan", format: "pdf", clientId: c.clientId, planId: id });
    await walk(id, ["sent_to_client"]);
    const sent = await generateDocument(ctx(caseManager), { type: "rehab_plan", format: "pdf", clientId: c.clientId, planId: id });
    const [row] = await t.db.select().from(generatedDocuments).where(eq(generatedDocuments.id, sent.documentId));
    expect(row!.snapshot).toMatchObject({
      plan: { status: "sent_to_client", goals: ["Naaseb tööle osalise koormusega", expect.any(String)] },
    });

    // The institution renames the plan, adds a footer and drops the frequency column; the plan goes back to draft and changes.
    await saveTemplate(ctx(admin), {
      type: "rehab_plan",
      settings: {
        ...defaultSettings("rehab_plan"),
        footerText: "Taastuskeskuse jalus",
        hiddenColumns: ["frequency"],
        texts: { heading: "Taastusplaan", closing: "Plaan on koostatud koos kliendiga." },
      },
    });
    await changePlanStatus(ctx(caseManager), { planId: id, to: "draft" });
    await updatePlan(ctx(caseManager), { planId: id, ...content({ problems: "Uus probleemikirjeldus" }) });

    const again = await downloadDocument(ctx(teamMember), { documentId: sent.documentId });
    expect(again.unchanged).toBe(true);
    expect(Buffer.from(again.base64, "base64").equals(Buffer.from(sent.base64, "base64"))).toBe(true);
    expect(await pdfText(again)).toContain("Rehabilitatsiooniplaan");

    const fresh = await downloadDocument(ctx(teamMember), { documentId: draft.documentId });
    expect(fresh.unchanged).toBe(false);
    const text = await pdfText(fresh);
    for (const expected of ["Taastusplaan", "Taastuskeskuse jalus", "Uus probleemikirjeldus", "Plaan on koostatud koos kliendiga."])
      expect(text).toContain(expected);
    expect(text).not.toContain("kord nädalas");
    expect(text).not.toContain("Sagedus");
  });
});

describe("what is due", () => {
  it("a plan is due 30 days after the first meeting, until it is approved", async () => {
    const c = await funded(trtSource);
    const due = (today: string) => listDue(ctx(caseManager), { clientId: c.clientId, today });
    expect(await due("2026-09-15")).toEqual([]);
    await makeSession(t.db, {
      serviceId: trtService,
      startsAt: tallinnWinter("2026-09-08", "10:00"),
      endsAt: tallinnWinter("2026-09-08", "11:00"),
      specialistIds: [teamMember.employeeId],
      participants: [{ clientId: c.clientId }],
    });
    expect(await due("2026-09-15")).toEqual([
      expect.objectContaining({ kind: "plan", dueDate: "2026-10-08", overdue: false, planStatus: null }),
    ]);
    expect((await due("2026-10-09"))[0]).toMatchObject({ overdue: true });
    const { id } = await createPlan(ctx(caseManager), { ...c, ...content({ firstMeetingDate: "2026-09-08" }) });
    expect((await due("2026-09-15"))[0]).toMatchObject({ planStatus: "draft", dueDate: "2026-10-08" });
    // The case manager's own list names the client too.
    expect(await listDue(ctx(caseManager), { today: "2026-09-15" })).toEqual(
      expect.arrayContaining([expect.objectContaining({ clientId: c.clientId, kind: "plan" })]),
    );
    expect(await listDue(ctx(teamMember), { today: "2026-09-15" })).toEqual([]);
    await walk(id, ["sent_to_client", "client_approved", "sent_to_funder", "approved"]);
    expect(await due("2026-09-15")).toEqual([]);
  });
});
