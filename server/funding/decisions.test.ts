import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { decisionServiceLimits, fundingDecisions, fundingSources, serviceReports, services } from "@/db/schema";
import { AppError, translateDbError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import {
  makeDecision,
  makeFundingSource,
  makeFundingWorld,
  makeService,
  PRICE_AFTER_CENTS,
  type FundingWorld,
} from "@/server/testing/funding-factories";
import { createDecision, deleteDecision, listDecisions, updateDecision, type DecisionInput } from "./decisions";
import { createEntry } from "./entries";

const t = await useTestDatabase();

let unit: string;
let srt: FundingWorld;
let trtSource: string;
let ehtSource: string;
let caseManager: Actor;
let n = 0;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  srt = await makeFundingWorld(t.db, "SRT");
  trtSource = await makeFundingSource(t.db, { kind: "TRT" });
  ehtSource = await makeFundingSource(t.db, { kind: "EHT" });
  caseManager = await makeActor(t.db, {
    permissions: { "clients:read": "own", "clients:read_clinical": "own", "clients:update": "own" },
    unitIds: [unit],
  });
});

const newClient = () => makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId });

const input = (over: Partial<DecisionInput> = {}): DecisionInput => ({
  fundingSourceId: srt.sourceId,
  decisionNumber: `K${String(++n).padStart(6, "0")}`,
  decisionDate: "2024-01-01",
  startDate: "2024-01-01",
  endDate: "2024-12-31",
  targetGroup: "täisealine",
  periodCapCents: null,
  yearlyCapCents: null,
  monthlyCapCents: null,
  serviceLimits: [],
  ...over,
});

const decisionsOf = (clientId: string) => t.db.select().from(fundingDecisions).where(eq(fundingDecisions.clientId, clientId));
const decisionAudits = async (clientId: string) =>
  (await auditRows(t.db)).filter((r) => r.clientId === clientId && r.action.startsWith("decision."));

/** Refused, and nothing of it in the database: no decision, no limits, no audit row. */
async function refusedWithoutTrace(clientId: string, attempt: () => Promise<unknown>): Promise<AppError> {
  const before = { decisions: (await decisionsOf(clientId)).length, audits: (await decisionAudits(clientId)).length };
  const limitsBefore = (await t.db.select().from(decisionServiceLimits)).length;
  const err = translateDbError(
    await attempt().then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
  expect(err, "expected the call to be refused").toBeInstanceOf(AppError);
  expect((await decisionsOf(clientId)).length).toBe(before.decisions);
  expect((await decisionAudits(clientId)).length).toBe(before.audits);
  expect((await t.db.select().from(decisionServiceLimits)).length).toBe(limitsBefore);
  return err as AppError;
}

const entry = (clientId: string, decisionId: string, serviceDate: string, units = 1) =>
  createEntry(
    { db: t.db, actor: caseManager, ip: null },
    { clientId, decisionId, serviceId: srt.serviceId, serviceDate, units, specialistId: caseManager.employeeId, description: "" },
  );

describe("creating a decision", () => {
  it("saves the decision with its limits and audits it", async () => {
    const clientId = await newClient();
    const { id } = await createDecision(
      { db: t.db, actor: caseManager, ip: "10.0.0.1" },
      { ...input({ periodCapCents: 123_700, serviceLimits: [{ serviceId: srt.serviceId, maxUnits: 12.5 }] }), clientId },
    );
    const [row] = await decisionsOf(clientId);
    expect(row).toMatchObject({ id, fundingKind: "SRT", periodCapCents: 123_700, startDate: "2024-01-01", endDate: "2024-12-31" });
    const limits = await t.db.select().from(decisionServiceLimits).where(eq(decisionServiceLimits.decisionId, id));
    expect(limits.map((l) => [l.serviceId, Number(l.maxUnits)])).toEqual([[srt.serviceId, 12.5]]);
    const [audit] = await decisionAudits(clientId);
    expect(audit).toMatchObject({ action: "decision.create", targetId: id, ip: "10.0.0.1", actorEmployeeId: caseManager.employeeId });
  });

  it("refuses a period that ends before it starts, naming endDate", async () => {
    const clientId = await newClient();
    const err = await refusedWithoutTrace(clientId, () =>
      createDecision(
        { db: t.db, actor: caseManager, ip: null },
        { ...input({ startDate: "2024-05-01", endDate: "2024-04-30" }), clientId },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "endDate", messageKey: "errors.periodEndsBeforeStart" });
  });

  it("refuses an SRT decision of two years or more, naming endDate; a day less is fine", async () => {
    const clientId = await newClient();
    const err = await refusedWithoutTrace(clientId, () =>
      createDecision(
        { db: t.db, actor: caseManager, ip: null },
        { ...input({ startDate: "2024-03-01", endDate: "2026-03-01" }), clientId },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "endDate", messageKey: "errors.srtPeriodTooLong" });
    await createDecision(
      { db: t.db, actor: caseManager, ip: null },
      { ...input({ startDate: "2024-03-01", endDate: "2026-02-28" }), clientId },
    );
    // The two-year rule is social rehabilitation's; a municipality may decide for longer.
    await createDecision(
      { db: t.db, actor: caseManager, ip: null },
      { ...input({ fundingSourceId: ehtSource, startDate: "2024-01-01", endDate: "2027-12-31" }), clientId },
    );
    expect(await decisionsOf(clientId)).toHaveLength(2);
  });

  it("refuses a TRT decision overlapping an SRT one, naming the clashing decision", async () => {
    const clientId = await newClient();
    const srtInput = input({ startDate: "2024-01-01", endDate: "2024-06-30" });
    await createDecision({ db: t.db, actor: caseManager, ip: null }, { ...srtInput, clientId });
    const err = await refusedWithoutTrace(clientId, () =>
      createDecision(
        { db: t.db, actor: caseManager, ip: null },
        {
          ...input({
            fundingSourceId: trtSource,
            startDate: "2024-06-30",
            endDate: "2024-12-31",
            serviceLimits: [{ serviceId: srt.serviceId, maxUnits: 5 }],
          }),
          clientId,
        },
      ),
    );
    expect(err).toMatchObject({ code: "CONFLICT", field: "startDate", messageKey: "errors.rehabilitationOverlapWith" });
    expect(err.params).toEqual({ number: srtInput.decisionNumber, kind: "SRT", start: "2024-01-01", end: "2024-06-30" });
    expect(err.message).toContain(srtInput.decisionNumber);
  });

  it("allows TRT right after SRT, and EHT beside SRT", async () => {
    const clientId = await newClient();
    await createDecision(
      { db: t.db, actor: caseManager, ip: null },
      { ...input({ startDate: "2024-01-01", endDate: "2024-06-30" }), clientId },
    );
    await createDecision(
      { db: t.db, actor: caseManager, ip: null },
      { ...input({ fundingSourceId: trtSource, startDate: "2024-07-01", endDate: "2025-06-30" }), clientId },
    );
    await createDecision(
      { db: t.db, actor: caseManager, ip: null },
      { ...input({ fundingSourceId: ehtSource, startDate: "2024-03-01", endDate: "2025-02-28", monthlyCapCents: 13_700 }), clientId },
    );
    expect((await decisionsOf(clientId)).map((d) => d.fundingKind).sort()).toEqual(["EHT", "SRT", "TRT"]);
  });

  it("the database itself refuses overlapping SRT and TRT decisions written by plain SQL (23P01), translated to CONFLICT", async () => {
    const clientId = await newClient();
    await makeDecision(t.db, { clientId, fundingSourceId: srt.sourceId, startDate: "2024-01-01", endDate: "2024-06-30" });
    const raw = t.sql`INSERT INTO funding_decisions (client_id, funding_source_id, funding_kind, decision_number, decision_date, start_date, end_date)
      VALUES (${clientId}, ${trtSource}, 'TRT', 'TK-1', '2024-06-01', '2024-06-01', '2024-12-31')`;
    const pg = await pgErrorFrom(raw);
    expect(pg).toEqual({ code: "23P01", constraint: "funding_decisions_rehabilitation_no_overlap" });
    const err = translateDbError(
      await makeDecision(t.db, { clientId, fundingSourceId: trtSource, startDate: "2024-06-30", endDate: "2024-12-31" }).catch(
        (e: unknown) => e,
      ),
    );
    expect(err).toMatchObject({ code: "CONFLICT", field: "startDate", messageKey: "errors.rehabilitationOverlap" });
    expect(await decisionsOf(clientId)).toHaveLength(1);
  });

  it("two people saving overlapping SRT and TRT decisions at once: one is saved, the other refused by name", async () => {
    const clientId = await newClient();
    const results = await Promise.allSettled([
      createDecision(
        { db: t.db, actor: caseManager, ip: null },
        { ...input({ startDate: "2024-01-01", endDate: "2024-12-31" }), clientId },
      ),
      createDecision(
        { db: t.db, actor: caseManager, ip: null },
        { ...input({ fundingSourceId: trtSource, startDate: "2024-06-01", endDate: "2025-05-31" }), clientId },
      ),
    ]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ code: "CONFLICT", messageKey: "errors.rehabilitationOverlapWith" });
    expect(await decisionsOf(clientId)).toHaveLength(1);
  });

  it("saves nothing when a later step fails: a decision whose service does not exist leaves no decision row", async () => {
    const clientId = await newClient();
    const err = await refusedWithoutTrace(clientId, () =>
      createDecision(
        { db: t.db, actor: caseManager, ip: null },
        { ...input({ serviceLimits: [{ serviceId: crypto.randomUUID(), maxUnits: 3 }] }), clientId },
      ),
    );
    expect(err.code).toBe("CONFLICT");
  });

  it("refuses a funder no longer in use, naming fundingSourceId and the funder", async () => {
    const clientId = await newClient();
    const closed = await makeFundingSource(t.db, { kind: "KOV", name: "Lõpetatud KOV leping" });
    await t.db.update(fundingSources).set({ active: false }).where(eq(fundingSources.id, closed));
    const err = await refusedWithoutTrace(clientId, () =>
      createDecision({ db: t.db, actor: caseManager, ip: null }, { ...input({ fundingSourceId: closed }), clientId }),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "fundingSourceId",
      messageKey: "errors.fundingSourceInactive",
      params: { funder: "Lõpetatud KOV leping" },
    });
  });

  it("refuses an approved volume for a service no longer offered, naming serviceLimits and the service", async () => {
    const clientId = await newClient();
    const retired = await makeService(t.db, { nameEt: "Perenõustamine" });
    await t.db.update(services).set({ active: false }).where(eq(services.id, retired));
    const err = await refusedWithoutTrace(clientId, () =>
      createDecision(
        { db: t.db, actor: caseManager, ip: null },
        { ...input({ serviceLimits: [{ serviceId: retired, maxUnits: 3 }] }), clientId },
      ),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "serviceLimits",
      messageKey: "errors.serviceInactive",
      params: { service: "Perenõustamine" },
    });
  });

  it("refuses a decision number the funder already used", async () => {
    const clientId = await newClient();
    await createDecision(
      { db: t.db, actor: caseManager, ip: null },
      { ...input({ decisionNumber: "K000777", endDate: "2024-03-31" }), clientId },
    );
    const err = await refusedWithoutTrace(clientId, () =>
      createDecision(
        { db: t.db, actor: caseManager, ip: null },
        { ...input({ decisionNumber: "K000777", startDate: "2024-04-01" }), clientId },
      ),
    );
    expect(err).toMatchObject({ code: "CONFLICT", field: "decisionNumber", messageKey: "errors.decisionNumberTaken" });
  });
});

describe("changing and deleting a decision", () => {
  /** A client with an SRT decision for 2024 and 3 hours used in March (88.20 EUR). */
  async function withUse() {
    const clientId = await newClient();
    const base = input({
      periodCapCents: 100 * PRICE_AFTER_CENTS,
      yearlyCapCents: 50 * PRICE_AFTER_CENTS,
      monthlyCapCents: 10 * PRICE_AFTER_CENTS,
      serviceLimits: [{ serviceId: srt.serviceId, maxUnits: 20 }],
    });
    const { id } = await createDecision({ db: t.db, actor: caseManager, ip: null }, { ...base, clientId });
    await entry(clientId, id, "2024-03-01", 2);
    await entry(clientId, id, "2024-03-10", 1);
    return { clientId, id, base };
  }
  const used = 3 * PRICE_AFTER_CENTS;

  it("refuses caps and volumes below what is used, naming the field and the amount used", async () => {
    const { id, base } = await withUse();
    for (const field of ["periodCapCents", "yearlyCapCents", "monthlyCapCents"] as const) {
      const err = await appErrorOf(
        updateDecision({ db: t.db, actor: caseManager, ip: null }, { ...base, [field]: used - 1, decisionId: id }),
      );
      expect(err).toMatchObject({ code: "INVALID_INPUT", field, messageKey: "errors.capBelowUsed" });
      expect(err.params).toEqual({ used: used / 100 });
    }
    const err = await appErrorOf(
      updateDecision(
        { db: t.db, actor: caseManager, ip: null },
        { ...base, serviceLimits: [{ serviceId: srt.serviceId, maxUnits: 2.5 }], decisionId: id },
      ),
    );
    expect(err).toMatchObject({ field: "serviceLimits", messageKey: "errors.volumeBelowUsed", params: { used: 3 } });
    const [row] = await t.db.select().from(fundingDecisions).where(eq(fundingDecisions.id, id));
    expect(row!.periodCapCents).toBe(base.periodCapCents);
    // Exactly what is used is fine.
    await updateDecision(
      { db: t.db, actor: caseManager, ip: null },
      {
        ...base,
        periodCapCents: used,
        yearlyCapCents: used,
        monthlyCapCents: used,
        serviceLimits: [{ serviceId: srt.serviceId, maxUnits: 3 }],
        decisionId: id,
      },
    );
    expect((await t.db.select().from(fundingDecisions).where(eq(fundingDecisions.id, id)))[0]!.periodCapCents).toBe(used);
  });

  it("the card shows a monthly cap month by month over the whole decision: each month's use against the cap and the confirmed months", async () => {
    const { clientId, id } = await withUse();
    await entry(clientId, id, "2024-04-02", 2);
    await t.db
      .insert(serviceReports)
      .values({ clientId, decisionId: id, month: "2024-03-01", status: "confirmed", confirmedAt: new Date() });
    const list = await listDecisions({ db: t.db, actor: caseManager, ip: null }, { clientId, today: "2024-04-15" });
    const months = list.find((d) => d.id === id)!.capMonths;
    expect(months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, "0")}`));
    expect(months.find((m) => m.month === "2024-03")).toEqual({
      month: "2024-03",
      usedCents: used,
      capCents: 10 * PRICE_AFTER_CENTS,
      confirmed: true,
    });
    expect(months.find((m) => m.month === "2024-04")).toMatchObject({ usedCents: 2 * PRICE_AFTER_CENTS, confirmed: false });
    expect(months.filter((m) => m.usedCents > 0).map((m) => m.month)).toEqual(["2024-03", "2024-04"]);
    // The month the bar shows is the same figure as that month's row.
    expect(list.find((d) => d.id === id)!.lines.find((l) => l.kind === "monthly")).toMatchObject({
      used: 2 * PRICE_AFTER_CENTS,
      periodLabel: "2024-04",
    });
  });

  it("refuses a period that would leave entries outside it", async () => {
    const { id, base } = await withUse();
    const err = await appErrorOf(
      updateDecision({ db: t.db, actor: caseManager, ip: null }, { ...base, startDate: "2024-03-05", decisionId: id }),
    );
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.entriesOutsidePeriod", params: { count: 1 } });
    const [row] = await t.db.select().from(fundingDecisions).where(eq(fundingDecisions.id, id));
    expect(row!.startDate).toBe("2024-01-01");
    await updateDecision(
      { db: t.db, actor: caseManager, ip: null },
      { ...base, startDate: "2024-03-01", endDate: "2024-03-10", decisionId: id },
    );
  });

  it("refuses stretching an SRT decision to two years or more", async () => {
    const { id, base } = await withUse();
    const err = await appErrorOf(
      updateDecision({ db: t.db, actor: caseManager, ip: null }, { ...base, endDate: "2026-01-01", decisionId: id }),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "endDate", messageKey: "errors.srtPeriodTooLong" });
    const [row] = await t.db.select().from(fundingDecisions).where(eq(fundingDecisions.id, id));
    expect(row!.endDate).toBe("2024-12-31");
    await updateDecision({ db: t.db, actor: caseManager, ip: null }, { ...base, endDate: "2025-12-31", decisionId: id });
  });

  it("refuses moving a decision onto another rehabilitation decision", async () => {
    const clientId = await newClient();
    await createDecision(
      { db: t.db, actor: caseManager, ip: null },
      { ...input({ fundingSourceId: trtSource, decisionNumber: "TK-9", startDate: "2025-01-01", endDate: "2025-12-31" }), clientId },
    );
    const srtInput = input();
    const { id } = await createDecision({ db: t.db, actor: caseManager, ip: null }, { ...srtInput, clientId });
    const err = await appErrorOf(
      updateDecision({ db: t.db, actor: caseManager, ip: null }, { ...srtInput, endDate: "2025-01-01", decisionId: id }),
    );
    expect(err).toMatchObject({
      code: "CONFLICT",
      messageKey: "errors.rehabilitationOverlapWith",
      params: { number: "TK-9", kind: "TRT" },
    });
    expect((await t.db.select().from(fundingDecisions).where(eq(fundingDecisions.id, id)))[0]!.endDate).toBe("2024-12-31");
  });

  it("refuses deleting a decision with entries; deletes and audits one without", async () => {
    const { clientId, id } = await withUse();
    const err = await appErrorOf(deleteDecision({ db: t.db, actor: caseManager, ip: null }, { decisionId: id }));
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.decisionHasEntries", params: { count: 2 } });
    expect(await decisionsOf(clientId)).toHaveLength(1);
    const empty = await createDecision({ db: t.db, actor: caseManager, ip: null }, { ...input({ fundingSourceId: ehtSource }), clientId });
    await deleteDecision({ db: t.db, actor: caseManager, ip: null }, { decisionId: empty.id });
    expect((await decisionsOf(clientId)).map((d) => d.id)).toEqual([id]);
    expect((await decisionAudits(clientId)).map((a) => a.action)).toEqual(["decision.create", "decision.create", "decision.delete"]);
  });

  it("lists the decisions with what is used and what remains", async () => {
    const { clientId, id } = await withUse();
    const [listed] = await listDecisions({ db: t.db, actor: caseManager, ip: null }, { clientId, today: "2024-03-15" });
    expect(listed).toMatchObject({ id, current: true, serviceLimits: [{ serviceId: srt.serviceId, maxUnits: 20 }] });
    const line = (kind: string) => listed!.lines.find((l) => l.kind === kind);
    expect(line("period")).toMatchObject({ limit: 100 * PRICE_AFTER_CENTS, used, remaining: 100 * PRICE_AFTER_CENTS - used });
    expect(line("monthly")).toMatchObject({ used, periodLabel: "2024-03" });
    expect(line("service")).toMatchObject({ limit: 20, used: 3, remaining: 17 });
  });
});
