import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { AppError } from "@/server/errors";
import { saveCasePlan } from "@/server/funding/case-plans";
import { createEntry } from "@/server/funding/entries";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { hoursFromNow, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingWorld } from "@/server/testing/funding-factories";

/**
 * Who sees a client, through the router as the app calls it. Someone without a reason to see
 * the client must not learn that it exists: every answer is the one a random id gets.
 */

const t = await useTestDatabase();

// Clinicians: the clinical record reaches as far as the administrative one (see clinical.test.ts for the front desk).
const own = { "clients:read": "own", "clients:read_clinical": "own" } as const;
const people: Record<string, Actor> = {};
let clientId: string;
let decisionId: string;
let personalCode: string;
const LAST_NAME = "Vaarikas";

beforeAll(async () => {
  const db = t.db;
  const region = await makeUnit(db, { name: "Põhja regioon" });
  const tallinn = await makeUnit(db, { name: "Tallinn", parentId: region });
  const team1 = await makeUnit(db, { name: "Tallinna meeskond 1", parentId: tallinn });
  const tartu = await makeUnit(db, { name: "Tartu" });

  people.caseManager = await makeActor(db, { permissions: { ...own, "clients:update": "own" }, unitIds: [team1] });
  people.teamMember = await makeActor(db, { permissions: own, unitIds: [tartu] });
  people.headOfUnit = await makeActor(db, { permissions: own, headOf: [team1] });
  people.headOfAncestor = await makeActor(db, { permissions: own, headOf: [region] });
  people.grantee = await makeActor(db, { permissions: own });
  people.allScope = await makeActor(db, { permissions: { "clients:read": "all", "clients:read_clinical": "all" } });
  people.unitScope = await makeActor(db, { permissions: { "clients:read": "unit", "clients:read_clinical": "unit" }, unitIds: [tallinn] });
  // Same unit as the client, but not on the team: a specialist's `own` scope does not reach it.
  people.specialistOutside = await makeActor(db, { permissions: own, unitIds: [team1] });
  people.headOfOther = await makeActor(db, { permissions: { "clients:read": "unit", "clients:read_clinical": "unit" }, headOf: [tartu] });
  people.expiredGrantee = await makeActor(db, { permissions: own });

  clientId = await makeClient(db, {
    name: LAST_NAME,
    unitIds: [team1],
    caseManagerId: people.caseManager.employeeId,
    teamIds: [people.teamMember.employeeId],
    grants: [
      { employeeId: people.grantee.employeeId, validFrom: hoursFromNow(-1), validUntil: hoursFromNow(24) },
      { employeeId: people.expiredGrantee.employeeId, validFrom: hoursFromNow(-48), validUntil: hoursFromNow(-24) },
    ],
  });
  personalCode = (await db.select().from(clients).where(eq(clients.id, clientId)))[0]!.personalCode!;
  const world = await makeFundingWorld(db, "SRT");
  decisionId = await makeDecision(db, { clientId, fundingSourceId: world.sourceId, startDate: "2024-01-01", endDate: "2024-12-31" });
  await saveCasePlan(
    { db, actor: people.caseManager, ip: null },
    { goals: "", items: [{ serviceId: world.serviceId, plannedUnits: 5 }], decisionId },
  );
  await createEntry(
    { db, actor: people.teamMember, ip: null },
    {
      clientId,
      decisionId,
      serviceId: world.serviceId,
      serviceDate: "2024-02-01",
      units: 1,
      specialistId: people.teamMember.employeeId,
      description: "",
    },
  );
});

const caller = (actor: Actor | null) => createCaller({ db: t.db, actor, ip: null });

/** The procedures that read one client's data, called for a client and decision id. */
const reads = {
  "clients.get": (a: Actor | null, c: string) => caller(a).clients.get({ clientId: c }),
  "funding.decisions.list": (a: Actor | null, c: string) => caller(a).funding.decisions.list({ clientId: c }),
  "funding.entries.list": (a: Actor | null, c: string) => caller(a).funding.entries.list({ clientId: c }),
  "funding.casePlan.get": (a: Actor | null, _c: string, d: string) => caller(a).funding.casePlan.get({ decisionId: d }),
} as const;
type Read = keyof typeof reads;
const readNames = Object.keys(reads) as Read[];

/** What the caller learns from a refusal: the code, the message and what the UI would show. */
async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected a refusal").toBeInstanceOf(TRPCError);
  const e = err as TRPCError;
  const app =
    e.cause instanceof AppError
      ? { code: e.cause.code, key: e.cause.messageKey, params: e.cause.params, field: e.cause.field ?? null }
      : null;
  return { code: e.code, message: e.message, app };
}

const listIds = async (actor: Actor | null, search?: string) =>
  (await caller(actor).clients.list(search === undefined ? {} : { search })).map((c) => c.id);

describe("people without a reason to see the client get nothing", () => {
  const outsiders = ["specialistOutside", "headOfOther", "expiredGrantee"];

  it.each(outsiders)("%s: the list does not contain it, not even searched by name or personal code", async (who) => {
    const actor = people[who]!;
    expect(await listIds(actor)).not.toContain(clientId);
    expect(await listIds(actor, LAST_NAME)).toEqual([]);
    expect(await listIds(actor, personalCode)).toEqual([]);
  });

  it.each(outsiders.flatMap((who) => readNames.map((read) => [who, read] as const)))(
    "%s: %s answers NOT_FOUND exactly as for an id that does not exist",
    async (who, read) => {
      const actor = people[who]!;
      const hidden = await refusal(reads[read](actor, clientId, decisionId));
      const missing = await refusal(reads[read](actor, crypto.randomUUID(), crypto.randomUUID()));
      expect(hidden.code).toBe("NOT_FOUND");
      expect(hidden).toEqual(missing);
    },
  );

  it.each(outsiders)("%s: clients.accessHistory answers NOT_FOUND exactly as for an id that does not exist", async (who) => {
    const actor = people[who]!;
    const hidden = await refusal(caller(actor).clients.accessHistory({ clientId }));
    const missing = await refusal(caller(actor).clients.accessHistory({ clientId: crypto.randomUUID() }));
    expect(hidden.code).toBe("NOT_FOUND");
    expect(hidden).toEqual(missing);
  });

  it("a signed-out caller is UNAUTHORIZED everywhere", async () => {
    for (const read of readNames) expect((await refusal(reads[read](null, clientId, decisionId))).code).toBe("UNAUTHORIZED");
    expect((await refusal(caller(null).clients.list({}))).code).toBe("UNAUTHORIZED");
    expect((await refusal(caller(null).clients.accessHistory({ clientId }))).code).toBe("UNAUTHORIZED");
  });
});

describe("people with a reason see it", () => {
  const insiders = ["caseManager", "teamMember", "headOfUnit", "headOfAncestor", "grantee", "allScope", "unitScope"];

  it.each(insiders)("%s finds it in the list, also by name and by personal code", async (who) => {
    const actor = people[who]!;
    expect(await listIds(actor)).toContain(clientId);
    expect(await listIds(actor, LAST_NAME)).toEqual([clientId]);
    expect(await listIds(actor, personalCode)).toEqual([clientId]);
  });

  it.each(insiders)("%s reads the record, the decisions, the dataset and the case plan", async (who) => {
    const actor = people[who]!;
    const record = await caller(actor).clients.get({ clientId });
    expect(record.client).toMatchObject({ id: clientId, lastName: LAST_NAME });
    expect((await caller(actor).funding.decisions.list({ clientId })).map((d) => d.id)).toEqual([decisionId]);
    expect(await caller(actor).funding.entries.list({ clientId })).toHaveLength(1);
    expect(await caller(actor).funding.casePlan.get({ decisionId })).toMatchObject({
      exists: true,
      items: [expect.objectContaining({ plannedUnits: 5, usedUnits: 1 })],
    });
  });
});
