import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { institutionSettings, invoiceLines, invoices, serviceEntries, serviceReports, sessions } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { callProcedure } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { everyPermissionExcept } from "@/server/testing/actors";
import { makeActor, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision } from "@/server/testing/funding-factories";
import { makeRoom, makeSchedulingWorld, makeSession, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { confirmInvoice } from "./invoices";
import { confirmReport } from "./reports";

/**
 * The promise: once a client's month is confirmed, no write procedure of the API can
 * touch it. Every one is called here, through the router, by someone allowed to do everything.
 */

const t = await useTestDatabase({ max: 20 });
let world: SchedulingWorld;
let actor: Actor;
let client: { clientId: string; decisionId: string };
let roomId: string;

const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, "0")}:00:00+03:00`);

beforeAll(async () => {
  const unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  actor = await makeActor(t.db, { permissions: everyPermissionExcept(), unitIds: [unit] });
  roomId = await makeRoom(t.db, { unitId: unit });
  client = await makeClientWithDecision(t.db, {
    unitIds: [unit],
    decision: { fundingSourceId: world.sourceId, startDate: "2026-01-01", endDate: "2026-12-31" },
  });
  await t.db
    .update(institutionSettings)
    .set({ legalName: "Lukk OÜ", registryCode: "12345678", address: "Tallinn", iban: "EE382200221020145685" })
    .where(eq(institutionSettings.id, 1));
});

/** The message key a refused call carries (the AppError behind the tRPC error). */
async function refusal(path: string, input: unknown): Promise<string> {
  const err = await callProcedure(t.db, actor, path, input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${path} should be refused`).toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause;
  return cause instanceof AppError ? cause.messageKey : String(cause);
}

describe("a confirmed month refuses every write procedure", () => {
  it("entries, bookings, moves in and out, status, attendance, completion and series", async () => {
    const spec = {
      serviceId: world.individualServiceId,
      specialistIds: [actor.employeeId],
      participants: [{ clientId: client.clientId, decisionId: client.decisionId }],
    };
    const [entry] = await t.db
      .insert(serviceEntries)
      .values({
        clientId: client.clientId,
        decisionId: client.decisionId,
        serviceId: world.individualServiceId,
        serviceDate: "2026-10-05",
        units: "1",
        specialistId: actor.employeeId,
      })
      .returning();
    const october = await makeSession(t.db, { ...spec, roomId, startsAt: at("2026-10-14", 10), endsAt: at("2026-10-14", 11) });
    const november = await makeSession(t.db, { ...spec, roomId, startsAt: at("2026-11-11", 10), endsAt: at("2026-11-11", 11) });
    const booking = { ...spec, roomId, notes: "" };
    await callProcedure(t.db, actor, "scheduling.series.book", {
      booking: { ...booking, startsAt: at("2026-10-19", 12), endsAt: at("2026-10-19", 13) },
      recurrence: { intervalWeeks: 1, until: null, count: 2 },
      mode: "all",
    });
    const [seriesSession] = await t.db
      .select()
      .from(sessions)
      .where(eq(sessions.startsAt, at("2026-10-19", 12)));
    // Locked as confirming does it (here without settling the open sessions first).
    await t.db.insert(serviceReports).values({
      clientId: client.clientId,
      decisionId: client.decisionId,
      month: "2026-10-01",
      status: "confirmed",
      confirmedAt: new Date(),
    });

    const locked = "errors.monthLocked";
    const calls: [string, unknown][] = [
      [
        "funding.entries.create",
        {
          clientId: client.clientId,
          decisionId: client.decisionId,
          serviceId: world.individualServiceId,
          serviceDate: "2026-10-20",
          units: 1,
          specialistId: actor.employeeId,
          description: "",
        },
      ],
      ["funding.entries.delete", { entryId: entry!.id }],
      ["scheduling.sessions.book", { ...booking, startsAt: at("2026-10-21", 9), endsAt: at("2026-10-21", 10) }],
      ["scheduling.sessions.move", { sessionId: october, startsAt: at("2026-11-12", 9), endsAt: at("2026-11-12", 10), roomId }],
      ["scheduling.sessions.move", { sessionId: november, startsAt: at("2026-10-22", 9), endsAt: at("2026-10-22", 10), roomId }],
      ["scheduling.sessions.setStatus", { sessionId: october, status: "cancelled" }],
      ["scheduling.sessions.setAttendance", { sessionId: october, clientId: client.clientId, attendance: "absent" }],
      ["scheduling.sessions.complete", { sessionId: october }],
      [
        "scheduling.series.book",
        {
          booking: { ...booking, startsAt: at("2026-10-07", 15), endsAt: at("2026-10-07", 16) },
          recurrence: { intervalWeeks: 1, until: null, count: 2 },
          mode: "all",
        },
      ],
      ["scheduling.series.cancel", { sessionId: seriesSession!.id, scope: "all" }],
      [
        "scheduling.series.move",
        { sessionId: seriesSession!.id, startsAt: at("2026-10-19", 14), endsAt: at("2026-10-19", 15), roomId, scope: "all" },
      ],
    ];
    for (const [path, input] of calls) expect([path, await refusal(path, input)]).toEqual([path, locked]);
    // The month is as it was.
    expect(await t.db.select().from(serviceEntries).where(eq(serviceEntries.clientId, client.clientId))).toHaveLength(1);
    const [still] = await t.db.select().from(sessions).where(eq(sessions.id, october));
    expect(still).toMatchObject({ status: "planned", startsAt: at("2026-10-14", 10) });
  });
});

describe("confirming at the same moment", () => {
  it("the same month twice: one confirmation, one set of lines", async () => {
    const other = await makeClientWithDecision(t.db, {
      unitIds: [],
      decision: { fundingSourceId: world.sourceId, startDate: "2026-01-01", endDate: "2026-12-31" },
    });
    await t.db.insert(serviceEntries).values({
      clientId: other.clientId,
      decisionId: other.decisionId,
      serviceId: world.individualServiceId,
      serviceDate: "2026-09-09",
      units: "2",
      specialistId: actor.employeeId,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => confirmReport({ db: t.db, actor, ip: null }, { decisionId: other.decisionId, month: "2026-09" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("CONFLICT");
    const lines = await t.db.select().from(invoiceLines).where(eq(invoiceLines.clientId, other.clientId));
    expect(lines).toHaveLength(1);
    // And the invoice confirmed twice at once gets one number.
    const invoiceId = lines[0]!.invoiceId;
    const numbered = await Promise.allSettled([
      confirmInvoice({ db: t.db, actor, ip: null }, { id: invoiceId }),
      confirmInvoice({ db: t.db, actor, ip: null }, { id: invoiceId }),
    ]);
    expect(numbered.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [invoice] = await t.db.select().from(invoices).where(eq(invoices.id, invoiceId));
    const [series] = await t.sql<
      { next: number }[]
    >`SELECT next_number AS next FROM invoice_series WHERE prefix = ${invoice!.seriesPrefix}`;
    expect(series!.next).toBe(invoice!.sequenceNumber! + 1);
  });
});
