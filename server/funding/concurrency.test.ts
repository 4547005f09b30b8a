import { eq } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { serviceEntries } from "@/db/schema";
import { AppError, translateDbError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { auditRows, makeActor, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision, makeFundingWorld, PRICE_AFTER_CENTS, type FundingWorld } from "@/server/testing/funding-factories";
import { createEntry } from "./entries";

/**
 * The issue this area was built for: two (here fifty) specialists entering at the same moment
 * must not together take a client beyond a hard limit. Every call gets its own connection.
 */

const CALLS = 50;
const ROOM = 10;
const t = await useTestDatabase({ max: CALLS + 10 });

let unit: string;
let world: FundingWorld;
const specialists: Actor[] = [];

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeFundingWorld(t.db, "SRT");
  // Five specialists of the client's team, each entering ten times.
  for (let i = 0; i < 5; i++) specialists.push(await makeActor(t.db, { permissions: { "clients:read": "own" }, unitIds: [unit] }));
});

const team = () => specialists.map((s) => s.employeeId);
const dayOf = (i: number) => `2024-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, "0")}`;

/**
 * Runs `n` calls while another connection holds the client row locked, and lets them go only
 * once every one of them is waiting for that lock: the calls really contend, none runs early.
 */
async function racing<T>(clientId: string, n: number, run: (i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const blocker = postgres(t.url, { max: 1, onnotice: () => {} });
  let release!: () => void;
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const held = blocker.begin(async (tx) => {
    await tx`SELECT 1 FROM clients WHERE id = ${clientId} FOR UPDATE`;
    locked();
    await new Promise<void>((r) => (release = r));
  });
  try {
    await isLocked;
    const results = Promise.allSettled(Array.from({ length: n }, (_, i) => run(i)));
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [row] = await t.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      if (row!.n >= n) break;
      if (Date.now() > deadline) throw new Error(`only ${row!.n} of ${n} calls reached the lock`);
      await new Promise((r) => setTimeout(r, 20));
    }
    release();
    await held;
    return await results;
  } finally {
    release?.();
    await blocker.end();
  }
}

const entriesOf = (decisionId: string) => t.db.select().from(serviceEntries).where(eq(serviceEntries.decisionId, decisionId));
const rejections = <T>(results: PromiseSettledResult<T>[]) =>
  results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);

describe("50 simultaneous createEntry calls against room for exactly 10", () => {
  it("a money cap of ten entries: 10 saved, 40 refused as LIMIT_EXCEEDED naming the period cap", async () => {
    const { clientId, decisionId } = await makeClientWithDecision(t.db, {
      unitIds: [unit],
      teamIds: team(),
      decision: {
        fundingSourceId: world.sourceId,
        startDate: "2024-01-01",
        endDate: "2024-12-31",
        periodCapCents: ROOM * PRICE_AFTER_CENTS,
      },
    });
    const auditBefore = (await auditRows(t.db, "entry.create")).length;
    const results = await racing(clientId, CALLS, (i) => {
      const specialist = specialists[i % specialists.length]!;
      return createEntry(
        { db: t.db, actor: specialist, ip: null },
        {
          clientId,
          decisionId,
          serviceId: world.serviceId,
          serviceDate: dayOf(i),
          units: 1,
          specialistId: specialist.employeeId,
          description: `call ${i}`,
        },
      );
    });

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(ROOM);
    const rows = await entriesOf(decisionId);
    expect(rows).toHaveLength(ROOM);
    expect(rows.reduce((sum, r) => sum + r.amountCents, 0)).toBe(ROOM * PRICE_AFTER_CENTS);
    expect((await auditRows(t.db, "entry.create")).length - auditBefore).toBe(ROOM);

    const refused = rejections(results);
    expect(refused).toHaveLength(CALLS - ROOM);
    for (const err of refused) {
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: "LIMIT_EXCEEDED", messageKey: "errors.limitPeriodCap" });
      expect((err as AppError).params).toMatchObject({
        remaining: 0,
        asked: PRICE_AFTER_CENTS / 100,
        limit: (ROOM * PRICE_AFTER_CENTS) / 100,
      });
    }
  });

  it("an approved volume of ten units: 10 saved, 40 refused as LIMIT_EXCEEDED naming the service volume", async () => {
    const { clientId, decisionId } = await makeClientWithDecision(t.db, {
      unitIds: [unit],
      teamIds: team(),
      decision: {
        fundingSourceId: world.sourceId,
        startDate: "2024-01-01",
        endDate: "2024-12-31",
        serviceLimits: [{ serviceId: world.serviceId, maxUnits: ROOM }],
      },
    });
    const results = await racing(clientId, CALLS, (i) => {
      const specialist = specialists[i % specialists.length]!;
      return createEntry(
        { db: t.db, actor: specialist, ip: null },
        {
          clientId,
          decisionId,
          serviceId: world.serviceId,
          serviceDate: dayOf(i),
          units: 1,
          specialistId: specialist.employeeId,
          description: "",
        },
      );
    });

    const rows = await entriesOf(decisionId);
    expect(rows).toHaveLength(ROOM);
    expect(rows.reduce((sum, r) => sum + Number(r.units), 0)).toBe(ROOM);
    const refused = rejections(results);
    expect(refused).toHaveLength(CALLS - ROOM);
    for (const err of refused) {
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: "LIMIT_EXCEEDED", messageKey: "errors.limitServiceVolume", field: "units" });
      expect((err as AppError).params).toMatchObject({ remaining: 0, asked: 1, limit: ROOM, used: ROOM });
    }
  });
});

describe("the database alone: 50 simultaneous plain INSERTs, bypassing createEntry", () => {
  const insert = (clientId: string, decisionId: string, specialistId: string, i: number) =>
    t.sql`INSERT INTO service_entries (client_id, decision_id, service_id, service_date, units, specialist_id)
          VALUES (${clientId}, ${decisionId}, ${world.serviceId}, ${dayOf(i)}, 1, ${specialistId})`;

  it("a money cap: 10 rows, 40 refused with 23514 service_entries_period_cap, translated to LIMIT_EXCEEDED", async () => {
    const { clientId, decisionId } = await makeClientWithDecision(t.db, {
      unitIds: [unit],
      decision: {
        fundingSourceId: world.sourceId,
        startDate: "2024-01-01",
        endDate: "2024-12-31",
        periodCapCents: ROOM * PRICE_AFTER_CENTS,
      },
    });
    const results = await racing(clientId, CALLS, (i) => insert(clientId, decisionId, specialists[0]!.employeeId, i));

    const rows = await entriesOf(decisionId);
    expect(rows).toHaveLength(ROOM);
    // The trigger priced every row it let through.
    expect(
      rows.every(
        (r) => r.unitPriceCents === PRICE_AFTER_CENTS && r.amountCents === PRICE_AFTER_CENTS && r.priceVersionId === world.versionAfter,
      ),
    ).toBe(true);
    const refused = rejections(results) as { code: string; constraint_name: string }[];
    expect(refused).toHaveLength(CALLS - ROOM);
    for (const err of refused) expect([err.code, err.constraint_name]).toEqual(["23514", "service_entries_period_cap"]);

    const friendly = translateDbError(refused[0]);
    expect(friendly).toBeInstanceOf(AppError);
    expect(friendly).toMatchObject({ code: "LIMIT_EXCEEDED", messageKey: "errors.limitPeriodCap" });
    expect((friendly as AppError).params).toMatchObject({
      remaining: 0,
      asked: PRICE_AFTER_CENTS / 100,
      limit: (ROOM * PRICE_AFTER_CENTS) / 100,
    });
  });

  it("a service volume: 10 rows, 40 refused with 23514 service_entries_service_volume, translated to LIMIT_EXCEEDED", async () => {
    const { clientId, decisionId } = await makeClientWithDecision(t.db, {
      unitIds: [unit],
      decision: {
        fundingSourceId: world.sourceId,
        startDate: "2024-01-01",
        endDate: "2024-12-31",
        serviceLimits: [{ serviceId: world.serviceId, maxUnits: ROOM }],
      },
    });
    const results = await racing(clientId, CALLS, (i) => insert(clientId, decisionId, specialists[0]!.employeeId, i));

    expect(await entriesOf(decisionId)).toHaveLength(ROOM);
    const refused = rejections(results) as { code: string; constraint_name: string }[];
    expect(refused).toHaveLength(CALLS - ROOM);
    for (const err of refused) expect([err.code, err.constraint_name]).toEqual(["23514", "service_entries_service_volume"]);

    const friendly = translateDbError(refused[0]);
    expect(friendly).toMatchObject({ code: "LIMIT_EXCEEDED", messageKey: "errors.limitServiceVolume" });
    expect((friendly as AppError).params).toMatchObject({ remaining: 0, asked: 1, limit: ROOM, used: ROOM });
  });
});
