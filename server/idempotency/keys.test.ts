import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { idempotencyKeys, institutionSettings, invoiceSendLog, serviceEntries } from "@/db/schema";
import { saveConnection } from "@/server/billing/connection";
import { startEFinancialsMock, type EFinancialsMock } from "@/server/testing/e-financials-mock";
import { confirmInvoice } from "@/server/billing/invoices";
import { confirmReport } from "@/server/billing/reports";
import type { Actor } from "@/server/policy/actor";
import { callProcedure } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { makeRoom, makeSchedulingWorld, tallinnWinter, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { makeWorkType } from "@/server/testing/workload-factories";

/**
 * A retried write (the same form submission, the same idempotency key) is carried out once: the
 * repeat gets the first answer, also when both arrive at once; the same key with other input is
 * a clear 409. Through the real router, for each kind of write that takes a key.
 */

const t = await useTestDatabase();

let unit: string;
let actor: Actor;
let scheduling: SchedulingWorld;
let funding: FundingWorld;
let room: string;
let mock: EFinancialsMock;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  actor = await makeActor(t.db, {
    unitIds: [unit],
    permissions: {
      "sessions:book": "all",
      "sessions:late_entry": "all",
      "sessions:read": "all",
      "clients:read": "all",
      "clients:update": "all",
      "workload:read": "own",
      "billing:read": "all",
      "billing:confirm": "all",
      "billing:send": "all",
      "settings:manage": "all",
    },
  });
  scheduling = await makeSchedulingWorld(t.db);
  funding = await makeFundingWorld(t.db, "SRT");
  room = await makeRoom(t.db, { unitId: unit });
  mock = await startEFinancialsMock();
  return () => mock.close();
});

const call = (path: string, input: unknown) => callProcedure(t.db, actor, path, input);
const count = async (query: ReturnType<typeof sql>) => Number((await t.db.execute<{ n: number }>(query))[0]!.n);

async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return { code: (err as TRPCError).code, messageKey: ((err as TRPCError).cause as { messageKey?: string }).messageKey };
}

let day = 0;
async function booking() {
  const clientId = (
    await makeClientWithDecision(t.db, {
      unitIds: [unit],
      decision: { fundingSourceId: scheduling.sourceId, startDate: "2024-01-01", endDate: "2024-12-31" },
    })
  ).clientId;
  const date = `2024-05-${String(1 + day++).padStart(2, "0")}`;
  return {
    serviceId: scheduling.individualServiceId,
    roomId: room,
    startsAt: tallinnWinter(date, "10:00"),
    endsAt: tallinnWinter(date, "11:00"),
    specialistIds: [actor.employeeId],
    participants: [{ clientId, decisionId: null }],
    notes: "",
  };
}
const sessionsOf = (b: { participants: { clientId: string }[] }) =>
  count(sql`SELECT count(*)::int AS n FROM session_participants WHERE client_id = ${b.participants[0]!.clientId}`);

describe("scheduling.sessions.book with an idempotency key", () => {
  it("books once for two calls with the same key and answers both with the first result", async () => {
    const input = { ...(await booking()), idempotencyKey: randomUUID() };
    const first = await call("scheduling.sessions.book", input);
    const second = await call("scheduling.sessions.book", input);
    expect(second).toEqual(first);
    expect(await sessionsOf(input)).toBe(1);
  });

  it("books once when both arrive at the same time", async () => {
    const input = { ...(await booking()), idempotencyKey: randomUUID() };
    const [a, b] = await Promise.all([call("scheduling.sessions.book", input), call("scheduling.sessions.book", input)]);
    expect(b).toEqual(a);
    expect(await sessionsOf(input)).toBe(1);
  });

  it("refuses the same key with another booking: 409, nothing written", async () => {
    const key = randomUUID();
    await call("scheduling.sessions.book", { ...(await booking()), idempotencyKey: key });
    const other = await booking();
    expect(await refusal(call("scheduling.sessions.book", { ...other, idempotencyKey: key }))).toEqual({
      code: "CONFLICT",
      messageKey: "errors.idempotencyKeyReused",
    });
    expect(await sessionsOf(other)).toBe(0);
  });

  it("keeps no key for a refused booking: the corrected retry is carried out", async () => {
    const input = { ...(await booking()), idempotencyKey: randomUUID() };
    const clash = { ...(await booking()), startsAt: input.startsAt, endsAt: input.endsAt };
    await call("scheduling.sessions.book", clash);
    expect((await refusal(call("scheduling.sessions.book", input))).code).toBe("CONFLICT");
    expect(await count(sql`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = ${input.idempotencyKey}`)).toBe(0);
  });
});

describe("funding.entries.create with an idempotency key", () => {
  const entry = async () => {
    const c = await makeClientWithDecision(t.db, {
      unitIds: [unit],
      decision: { fundingSourceId: funding.sourceId, startDate: "2025-01-01", endDate: "2025-12-31" },
    });
    return {
      ...c,
      serviceId: funding.serviceId,
      serviceDate: "2025-03-10",
      units: 1,
      specialistId: actor.employeeId,
      description: "Nõustamine",
      idempotencyKey: randomUUID(),
    };
  };
  const entriesOf = (clientId: string) => count(sql`SELECT count(*)::int AS n FROM service_entries WHERE client_id = ${clientId}`);

  it("enters it once for two calls with the same key, with the same answer", async () => {
    const input = await entry();
    const first = await call("funding.entries.create", input);
    expect(await call("funding.entries.create", input)).toEqual(first);
    expect(await entriesOf(input.clientId)).toBe(1);
  });

  it("enters it once when both arrive at the same time", async () => {
    const input = await entry();
    const [a, b] = await Promise.all([call("funding.entries.create", input), call("funding.entries.create", input)]);
    expect(b).toEqual(a);
    expect(await entriesOf(input.clientId)).toBe(1);
  });

  it("refuses the same key with other units: 409", async () => {
    const input = await entry();
    await call("funding.entries.create", input);
    expect(await refusal(call("funding.entries.create", { ...input, units: 2 }))).toEqual({
      code: "CONFLICT",
      messageKey: "errors.idempotencyKeyReused",
    });
    expect(await entriesOf(input.clientId)).toBe(1);
  });
});

describe("workload.timeEntries.save with an idempotency key", () => {
  let workTypeId: string;
  beforeAll(async () => {
    workTypeId = await makeWorkType(t.db);
  });
  const entry = (workDate: string) => ({
    id: null,
    employeeId: actor.employeeId,
    workTypeId,
    workDate,
    hours: 1,
    note: "",
    idempotencyKey: randomUUID(),
  });
  const loggedOn = (workDate: string) =>
    count(sql`SELECT count(*)::int AS n FROM time_entries WHERE employee_id = ${actor.employeeId} AND work_date = ${workDate}`);

  it("logs it once for two calls with the same key, with the same answer; without a key each call logs", async () => {
    const input = entry("2026-10-01");
    const first = await call("workload.timeEntries.save", input);
    expect(await call("workload.timeEntries.save", input)).toEqual(first);
    expect(await loggedOn("2026-10-01")).toBe(1);
    const { idempotencyKey: _key, ...keyless } = entry("2026-10-02");
    await call("workload.timeEntries.save", keyless);
    await call("workload.timeEntries.save", keyless);
    expect(await loggedOn("2026-10-02")).toBe(2);
  });

  it("logs it once when both arrive at the same time", async () => {
    const input = entry("2026-10-05");
    const [a, b] = await Promise.all([call("workload.timeEntries.save", input), call("workload.timeEntries.save", input)]);
    expect(b).toEqual(a);
    expect(await loggedOn("2026-10-05")).toBe(1);
  });

  it("refuses the same key with other hours: 409; after a day the key may be used again", async () => {
    const input = entry("2026-10-06");
    await call("workload.timeEntries.save", input);
    expect(await refusal(call("workload.timeEntries.save", { ...input, hours: 2 }))).toEqual({
      code: "CONFLICT",
      messageKey: "errors.idempotencyKeyReused",
    });
    await t.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(idempotencyKeys.key, input.idempotencyKey));
    await call("workload.timeEntries.save", { ...input, hours: 2 });
    expect(await loggedOn("2026-10-06")).toBe(2);
  });
});

describe("billing.invoices.send with an idempotency key", () => {
  let month = 0;
  beforeAll(async () => {
    await t.db
      .update(institutionSettings)
      .set({ legalName: "Saatja OÜ", registryCode: "12345678", address: "Tallinn", iban: "EE382200221020145685" })
      .where(eq(institutionSettings.id, 1));
    await saveConnection(
      { db: t.db, actor, ip: null },
      { mode: "demo", baseUrl: mock.url, apiKeyId: mock.keyId, apiPublicValue: mock.publicValue, apiPassword: mock.password },
    );
  });
  async function numberedInvoice() {
    const m = `2025-${String(++month).padStart(2, "0")}`;
    const specialistId = await makeEmployee(t.db, { unitIds: [unit] });
    const { clientId, decisionId } = await makeClientWithDecision(t.db, {
      unitIds: [unit],
      decision: { fundingSourceId: funding.sourceId, startDate: "2025-01-01", endDate: "2025-12-31" },
    });
    await t.db
      .insert(serviceEntries)
      .values({ clientId, decisionId, serviceId: funding.serviceId, serviceDate: `${m}-10`, units: "1", specialistId });
    const { invoiceId } = await confirmReport({ db: t.db, actor, ip: null }, { decisionId, month: m });
    return confirmInvoice({ db: t.db, actor, ip: null }, { id: invoiceId });
  }
  const created = (number: string) => mock.invoices.filter((i) => i.number === number || String(i.number).endsWith(number)).length;
  const sendAttempts = (id: string) =>
    count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'invoice.send' AND target_id = ${id}`);

  it("sends once for two calls with the same key; the repeat gets the first outcome instead of 'already sent'", async () => {
    const invoice = await numberedInvoice();
    const input = { id: invoice.id, idempotencyKey: randomUUID() };
    const first = await call("billing.invoices.send", input);
    expect(first).toEqual({ ok: true, messages: [] });
    expect(await call("billing.invoices.send", input)).toEqual(first);
    expect(created(invoice.number!)).toBe(1);
    expect(await sendAttempts(invoice.id)).toBe(1);
    expect(await t.db.select().from(invoiceSendLog).where(eq(invoiceSendLog.invoiceId, invoice.id))).not.toHaveLength(0);
  });

  it("sends once when both arrive at the same time; the other is told it is in progress or gets the outcome", async () => {
    const invoice = await numberedInvoice();
    const input = { id: invoice.id, idempotencyKey: randomUUID() };
    const results = await Promise.allSettled([call("billing.invoices.send", input), call("billing.invoices.send", input)]);
    expect(results.filter((r) => r.status === "fulfilled").map((r) => r.value)).toContainEqual({ ok: true, messages: [] });
    for (const r of results) {
      if (r.status === "rejected")
        expect(((r.reason as TRPCError).cause as unknown as { messageKey: string }).messageKey).toBe("errors.requestInProgress");
      else expect(r.value).toEqual({ ok: true, messages: [] });
    }
    expect(created(invoice.number!)).toBe(1);
    expect(await sendAttempts(invoice.id)).toBe(1);
  });

  it("refuses the same key for another invoice: 409, that one is not sent", async () => {
    const [a, b] = [await numberedInvoice(), await numberedInvoice()];
    const key = randomUUID();
    await call("billing.invoices.send", { id: a.id, idempotencyKey: key });
    expect(await refusal(call("billing.invoices.send", { id: b.id, idempotencyKey: key }))).toEqual({
      code: "CONFLICT",
      messageKey: "errors.idempotencyKeyReused",
    });
    expect(created(b.number!)).toBe(0);
  });

  it("queues 'send all' once for two presses with the same key", async () => {
    await numberedInvoice();
    const input = { month: `2025-${String(month).padStart(2, "0")}`, idempotencyKey: randomUUID() };
    const first = await call("billing.invoices.sendAll", input);
    expect(first).toEqual({ queued: 1 });
    // Once the queued one is sent, a fresh press would find nothing to queue; the repeat of the
    // first press still answers what that press did.
    for (
      let i = 0;
      i < 100 &&
      (await count(
        sql`SELECT count(*)::int AS n FROM invoices WHERE month = ${`${input.month}-01`}::date AND send_state = 'delivered'`,
      )) === 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await call("billing.invoices.sendAll", input)).toEqual(first);
    expect(await call("billing.invoices.sendAll", { month: input.month })).toEqual({ queued: 0 });
  });
});
