import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fundingSources, institutionSettings, invoiceLines, invoices, serviceEntries, serviceReports } from "@/db/schema";
import { isValidReferenceNumber } from "@/lib/reference-number";
import { translateDbError } from "@/server/errors";
import { createEntry } from "@/server/funding/entries";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision, makeFundingWorld, PRICE_AFTER_CENTS, type FundingWorld } from "@/server/testing/funding-factories";
import { makeSession } from "@/server/testing/scheduling-factories";
import { confirmInvoice, invoiceDocument, listInvoices } from "./invoices";
import { recordManualPayment } from "./payments/allocate";
import { confirmReport, listMonth, previewReport, reopenReport } from "./reports";

const t = await useTestDatabase({ max: 30 });

let unit: string;
let otherUnit: string;
let world: FundingWorld;
let accountant: Actor;
let specialistId: string;

const BILLING_ALL = { "billing:read": "all", "billing:confirm": "all", "billing:reopen": "all", "billing:send": "all" } as const;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  otherUnit = await makeUnit(t.db);
  world = await makeFundingWorld(t.db, "SRT");
  accountant = await makeActor(t.db, { permissions: { ...BILLING_ALL }, unitIds: [unit] });
  specialistId = await makeEmployee(t.db, { unitIds: [unit] });
  await t.db
    .update(institutionSettings)
    .set({
      legalName: "Test Rehabilitatsioonikeskus OÜ",
      registryCode: "12345678",
      address: "Tartu mnt 1, Tallinn",
      iban: "EE382200221020145685",
      invoiceSeriesPrefix: "T-",
    })
    .where(eq(institutionSettings.id, 1));
});

async function clientWithDecision(unitId = unit, caps: { monthlyCapCents?: number } = {}) {
  return makeClientWithDecision(t.db, {
    unitIds: [unitId],
    decision: { fundingSourceId: world.sourceId, startDate: "2026-01-01", endDate: "2026-12-31", ...caps },
  });
}

const entry = (c: { clientId: string; decisionId: string }, serviceDate: string, units = "1") =>
  t.db
    .insert(serviceEntries)
    .values({ clientId: c.clientId, decisionId: c.decisionId, serviceId: world.serviceId, serviceDate, units, specialistId })
    .returning();

const october = { month: "2026-10" };

describe("the month's report", () => {
  it("groups the month's entries into sales items priced as entered, and lists what stops confirmation", async () => {
    const c = await clientWithDecision();
    await entry(c, "2026-10-05", "1.5");
    await entry(c, "2026-10-12", "1");
    await entry(c, "2026-11-02", "1"); // another month
    await makeSession(t.db, {
      serviceId: world.serviceId,
      startsAt: new Date("2026-10-20T08:00:00Z"),
      endsAt: new Date("2026-10-20T09:00:00Z"),
      specialistIds: [specialistId],
      participants: [{ clientId: c.clientId, decisionId: c.decisionId }],
    });
    const preview = await previewReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, ...october });
    expect(preview.items).toHaveLength(1);
    expect(preview.items[0]).toMatchObject({
      quantity: "2.50",
      unitPriceCents: PRICE_AFTER_CENTS,
      netCents: Math.round(2.5 * PRICE_AFTER_CENTS),
      vatStatus: "exempt",
      entries: 2,
    });
    expect(preview.problems).toEqual([expect.objectContaining({ kind: "sessionNotDone", status: "planned" })]);

    const refused = await appErrorOf(confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, ...october }));
    expect(refused.messageKey).toBe("billingErrors.reportHasProblems");
    expect(await t.db.select().from(serviceReports).where(eq(serviceReports.decisionId, c.decisionId))).toHaveLength(0);
    expect(await t.db.select().from(invoiceLines).where(eq(invoiceLines.clientId, c.clientId))).toHaveLength(0);
  });

  it("lists a month with nothing entered as a problem, and entries beyond a lowered monthly cap", async () => {
    const empty = await clientWithDecision();
    expect((await previewReport({ db: t.db, actor: accountant, ip: null }, { decisionId: empty.decisionId, ...october })).problems).toEqual(
      [{ kind: "noEntries" }],
    );
    const capped = await clientWithDecision(unit, { monthlyCapCents: 10_000 });
    await entry(capped, "2026-10-05", "3");
    await t.db.execute(sql`UPDATE funding_decisions SET monthly_cap_cents = 5000 WHERE id = ${capped.decisionId}`);
    const { problems } = await previewReport({ db: t.db, actor: accountant, ip: null }, { decisionId: capped.decisionId, ...october });
    expect(problems).toEqual([{ kind: "limit", limit: "monthly", capCents: 5000, usedCents: 3 * PRICE_AFTER_CENTS }]);
  });

  it("shows only the clients the person may bill; another unit's client does not exist for them", async () => {
    const mine = await clientWithDecision(unit);
    const theirs = await clientWithDecision(otherUnit);
    const unitAccountant = await makeActor(t.db, { permissions: { "billing:read": "unit", "billing:confirm": "unit" }, unitIds: [unit] });
    const rows = await listMonth({ db: t.db, actor: unitAccountant, ip: null }, { month: "2026-10" });
    expect(rows.map((r) => r.decisionId)).toContain(mine.decisionId);
    expect(rows.map((r) => r.decisionId)).not.toContain(theirs.decisionId);
    expect(
      (await appErrorOf(previewReport({ db: t.db, actor: unitAccountant, ip: null }, { decisionId: theirs.decisionId, ...october }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await appErrorOf(confirmReport({ db: t.db, actor: unitAccountant, ip: null }, { decisionId: theirs.decisionId, ...october }))).code,
    ).toBe("NOT_FOUND");
  });
});

describe("a confirmed month is locked", () => {
  let c: { clientId: string; decisionId: string };
  let entryId: string;

  beforeEach(async () => {
    c = await clientWithDecision();
    entryId = (await entry(c, "2026-10-05"))[0]!.id;
    await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, ...october });
  });

  it("refuses entries in it through the app, with the month named", async () => {
    const actor = await makeActor(t.db, { permissions: { "clients:read": "all", "clients:update": "all" }, unitIds: [unit] });
    // As the API sees it: the database refuses, and the one error mapping words it.
    const err = await appErrorOf(
      createEntry(
        { db: t.db, actor, ip: null },
        {
          clientId: c.clientId,
          decisionId: c.decisionId,
          serviceId: world.serviceId,
          serviceDate: "2026-10-20",
          units: 1,
          specialistId,
          description: "",
        },
      ).catch((e: unknown) => {
        throw translateDbError(e);
      }),
    );
    expect(err.code).toBe("MONTH_LOCKED");
    expect(err.params.month).toBe("2026-10");
    // The next month is open.
    await createEntry(
      { db: t.db, actor, ip: null },
      {
        clientId: c.clientId,
        decisionId: c.decisionId,
        serviceId: world.serviceId,
        serviceDate: "2026-11-02",
        units: 1,
        specialistId,
        description: "",
      },
    );
  });

  it("refuses plain SQL writes of entries in, into and out of it", async () => {
    const locked = { code: "23514", constraint: "month_locked" };
    expect(
      await pgErrorFrom(t.sql`INSERT INTO service_entries (client_id, decision_id, service_id, service_date, units, specialist_id)
      VALUES (${c.clientId}, ${c.decisionId}, ${world.serviceId}, '2026-10-30', 1, ${specialistId})`),
    ).toEqual(locked);
    expect(await pgErrorFrom(t.sql`UPDATE service_entries SET units = 2 WHERE id = ${entryId}`)).toEqual(locked);
    expect(await pgErrorFrom(t.sql`UPDATE service_entries SET service_date = '2026-11-05' WHERE id = ${entryId}`)).toEqual(locked);
    expect(await pgErrorFrom(t.sql`DELETE FROM service_entries WHERE id = ${entryId}`)).toEqual(locked);
    const [later] = await entry(c, "2026-11-10");
    expect(await pgErrorFrom(t.sql`UPDATE service_entries SET service_date = '2026-10-10' WHERE id = ${later!.id}`)).toEqual(locked);
  });

  it("refuses sessions of the client in it: booking, moving in or out, changing, deleting", async () => {
    const locked = { code: "23514", constraint: "month_locked" };
    const spec = {
      serviceId: world.serviceId,
      specialistIds: [specialistId],
      participants: [{ clientId: c.clientId, decisionId: c.decisionId }],
    };
    expect(
      await pgErrorFrom(
        makeSession(t.db, { ...spec, startsAt: new Date("2026-10-21T08:00:00Z"), endsAt: new Date("2026-10-21T09:00:00Z") }),
      ),
    ).toEqual(locked);
    const november = await makeSession(t.db, {
      ...spec,
      startsAt: new Date("2026-11-03T08:00:00Z"),
      endsAt: new Date("2026-11-03T09:00:00Z"),
    });
    expect(
      await pgErrorFrom(
        t.sql`UPDATE sessions SET starts_at = '2026-10-27T08:00:00Z', ends_at = '2026-10-27T09:00:00Z' WHERE id = ${november}`,
      ),
    ).toEqual(locked);
    // 31 October 23:30 in Tallinn is still October, though it is 21:30 UTC on the 31st... and 1 November 00:30 is not.
    expect(
      await pgErrorFrom(
        t.sql`UPDATE sessions SET starts_at = '2026-10-31T21:30:00Z', ends_at = '2026-10-31T21:45:00Z' WHERE id = ${november}`,
      ),
    ).toEqual(locked);
    await t.sql`UPDATE sessions SET starts_at = '2026-10-31T22:30:00Z', ends_at = '2026-10-31T23:00:00Z' WHERE id = ${november}`;
    await t.sql`UPDATE service_reports SET status = 'reopened', reopen_reason = 'test' WHERE decision_id = ${c.decisionId}`;
    const october = await makeSession(t.db, {
      ...spec,
      startsAt: new Date("2026-10-22T08:00:00Z"),
      endsAt: new Date("2026-10-22T09:00:00Z"),
      status: "done",
    });
    await t.sql`UPDATE service_reports SET status = 'confirmed' WHERE decision_id = ${c.decisionId}`;
    expect(await pgErrorFrom(t.sql`UPDATE sessions SET notes = 'changed' WHERE id = ${october}`)).toEqual(locked);
    expect(
      await pgErrorFrom(
        t.sql`UPDATE sessions SET starts_at = '2026-11-12T08:00:00Z', ends_at = '2026-11-12T09:00:00Z' WHERE id = ${october}`,
      ),
    ).toEqual(locked);
    expect(await pgErrorFrom(t.sql`UPDATE session_participants SET attendance = 'absent' WHERE session_id = ${october}`)).toEqual(locked);
    expect(await pgErrorFrom(t.sql`DELETE FROM sessions WHERE id = ${october}`)).toEqual(locked);
  });

  it("holds when entries race the confirmation: every entry of the month is on the invoice or refused", async () => {
    const racer = await clientWithDecision();
    await entry(racer, "2026-10-01");
    const attempts = Array.from({ length: 20 }, (_, i) =>
      t.db
        .insert(serviceEntries)
        .values({
          clientId: racer.clientId,
          decisionId: racer.decisionId,
          serviceId: world.serviceId,
          serviceDate: `2026-10-${String(2 + i).padStart(2, "0")}`,
          units: "1",
          specialistId,
        })
        .then(
          () => "entered",
          (e: unknown) => (translateDbError(e) as { code?: string }).code ?? "other",
        ),
    );
    const [confirmed, ...outcomes] = await Promise.all([
      confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: racer.decisionId, ...october }),
      ...attempts,
    ]);
    expect(outcomes.every((o) => o === "entered" || o === "MONTH_LOCKED")).toBe(true);
    const [inMonth] = await t.sql<{ cents: string }[]>`SELECT coalesce(sum(amount_cents), 0) AS cents FROM service_entries
      WHERE decision_id = ${racer.decisionId} AND service_date BETWEEN '2026-10-01' AND '2026-10-31'`;
    const [onInvoice] = await t.sql<
      { cents: string }[]
    >`SELECT coalesce(sum(net_cents), 0) AS cents FROM invoice_lines WHERE service_report_id = ${confirmed.reportId}`;
    expect(Number(onInvoice!.cents)).toBe(Number(inMonth!.cents));
    expect(Number(inMonth!.cents)).toBe((1 + outcomes.filter((o) => o === "entered").length) * PRICE_AFTER_CENTS);
  });

  it("does not lock the client's other decisions", async () => {
    const otherSource = (
      await t.db
        .insert(fundingSources)
        .values({ kind: "EHT", name: `EHT ${Math.random()}`, payerName: "SKA" })
        .returning()
    )[0]!;
    const [eht] = await t.db.execute<{
      id: string;
    }>(sql`INSERT INTO funding_decisions (client_id, funding_source_id, funding_kind, decision_number, decision_date, start_date, end_date)
      VALUES (${c.clientId}, ${otherSource.id}, 'EHT', ${`E-${Math.random()}`}, '2026-01-01', '2026-01-01', '2026-12-31') RETURNING id`);
    await t.sql`INSERT INTO price_list_versions (funding_source_id, valid_from) VALUES (${otherSource.id}, '2026-01-01')`;
    await t.sql`INSERT INTO price_list_items (version_id, service_id, unit_price_cents) SELECT id, ${world.serviceId}, 1000 FROM price_list_versions WHERE funding_source_id = ${otherSource.id}`;
    const [added] = await t.sql`INSERT INTO service_entries (client_id, decision_id, service_id, service_date, units, specialist_id)
      VALUES (${c.clientId}, ${eht!.id}, ${world.serviceId}, '2026-10-14', 1, ${specialistId}) RETURNING amount_cents`;
    expect(added!.amount_cents).toBe(1000);
  });
});

describe("invoices", () => {
  it("gathers confirmed months on the funder's draft; confirming numbers it without gaps and freezes it", async () => {
    const a = await clientWithDecision();
    const b = await clientWithDecision();
    await entry(a, "2026-09-03", "2");
    await entry(b, "2026-09-04", "1");
    const [ra, rb] = await Promise.all([
      confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: a.decisionId, month: "2026-09" }),
      confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: b.decisionId, month: "2026-09" }),
    ]);
    expect(ra.invoiceId).toBe(rb.invoiceId);
    const [draft] = await t.db.select().from(invoices).where(eq(invoices.id, ra.invoiceId));
    expect(draft).toMatchObject({ status: "draft", number: null, netCents: 3 * PRICE_AFTER_CENTS, totalCents: 3 * PRICE_AFTER_CENTS });

    const confirmed = await confirmInvoice({ db: t.db, actor: accountant, ip: null }, { id: ra.invoiceId });
    expect(confirmed.number).toMatch(/^T-\d{5}$/);
    expect(isValidReferenceNumber(confirmed.referenceNumber!)).toBe(true);
    expect(confirmed.seller).toMatchObject({ registryCode: "12345678", iban: "EE382200221020145685" });
    expect(confirmed.buyer).toMatchObject({ registryCode: "70001975" });
    const doc = await invoiceDocument({ db: t.db, actor: accountant, ip: null }, { id: ra.invoiceId, format: "pdf" });
    expect(doc).toMatchObject({ periodStart: "2026-09-01", periodEnd: "2026-09-30", totalCents: 3 * PRICE_AFTER_CENTS, type: "DEB" });
    expect(doc.lines.map((l) => l.decisionNumber).sort()).toHaveLength(2);

    expect(await pgErrorFrom(t.sql`UPDATE invoices SET net_cents = 1, total_cents = 1 WHERE id = ${ra.invoiceId}`)).toEqual({
      code: "23514",
      constraint: "invoices_numbered_frozen",
    });
    expect(await pgErrorFrom(t.sql`DELETE FROM invoice_lines WHERE invoice_id = ${ra.invoiceId}`)).toEqual({
      code: "23514",
      constraint: "invoices_numbered_frozen",
    });
    expect(await pgErrorFrom(t.sql`DELETE FROM invoices WHERE id = ${ra.invoiceId}`)).toEqual({
      code: "23514",
      constraint: "invoices_numbered_not_deleted",
    });
    expect((await listInvoices({ db: t.db, actor: accountant, ip: null }, { month: "2026-09" })).map((i) => i.id)).toContain(ra.invoiceId);
  });

  it("makes one invoice per client for a funder that wants them so", async () => {
    await t.db.update(fundingSources).set({ invoicePerClient: true }).where(eq(fundingSources.id, world.sourceId));
    try {
      const a = await clientWithDecision();
      const b = await clientWithDecision();
      await entry(a, "2026-04-06");
      await entry(b, "2026-04-07");
      const ra = await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: a.decisionId, month: "2026-04" });
      const rb = await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: b.decisionId, month: "2026-04" });
      expect(ra.invoiceId).not.toBe(rb.invoiceId);
      const [ia] = await t.db.select().from(invoices).where(eq(invoices.id, ra.invoiceId));
      expect(ia).toMatchObject({ clientId: a.clientId, netCents: PRICE_AFTER_CENTS });
    } finally {
      await t.db.update(fundingSources).set({ invoicePerClient: false }).where(eq(fundingSources.id, world.sourceId));
    }
  });

  it("numbers invoices confirmed at the same moment one after another, with no gap and no duplicate", async () => {
    const drafts: string[] = [];
    for (let i = 0; i < 8; i++) {
      const source = (
        await t.db
          .insert(fundingSources)
          .values({ kind: "KOV", name: `Vald ${i} ${Math.random()}`, payerName: "Vald", payerRegistryCode: "70001975" })
          .returning()
      )[0]!;
      const [inv] = await t.db.insert(invoices).values({ fundingSourceId: source.id, month: "2026-08-01" }).returning();
      const c = await clientWithDecision();
      const [report] = await t.db
        .insert(serviceReports)
        .values({ clientId: c.clientId, decisionId: c.decisionId, month: "2026-08-01", status: "confirmed", confirmedAt: new Date() })
        .returning();
      await t.db.insert(invoiceLines).values({
        invoiceId: inv!.id,
        serviceReportId: report!.id,
        clientId: c.clientId,
        clientName: "X",
        decisionNumber: "1",
        serviceId: world.serviceId,
        serviceCode: "2010",
        serviceName: "x",
        quantity: "1",
        unit: "hour",
        unitPriceCents: 100,
        netCents: 100,
        vatStatus: "exempt",
        vatCents: 0,
      });
      drafts.push(inv!.id);
    }
    await t.sql`UPDATE invoices SET net_cents = 100, total_cents = 100 WHERE id IN ${t.sql(drafts)}`;
    const [series] = await t.sql<
      { next: number }[]
    >`SELECT coalesce((SELECT next_number FROM invoice_series WHERE prefix = 'T-'), 1) AS next`;
    const results = await Promise.all(drafts.map((id) => confirmInvoice({ db: t.db, actor: accountant, ip: null }, { id })));
    const numbers = results.map((r) => r.sequenceNumber!).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => series!.next + i));
  });

  it("re-opening needs its permission and a reason; a numbered invoice is corrected by a credit note, never edited", async () => {
    const c = await clientWithDecision();
    const [first] = await entry(c, "2026-07-06", "2");
    const { invoiceId } = await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, month: "2026-07" });
    const original = await confirmInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoiceId });

    const confirmOnly = await makeActor(t.db, { permissions: { "billing:read": "all", "billing:confirm": "all" } });
    expect(
      (
        await appErrorOf(
          reopenReport({ db: t.db, actor: confirmOnly, ip: null }, { decisionId: c.decisionId, month: "2026-07", reason: "parandus" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await appErrorOf(
          reopenReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, month: "2026-07", reason: " " }),
        )
      ).field,
    ).toBe("reason");

    const { creditNoteIds } = await reopenReport(
      { db: t.db, actor: accountant, ip: null },
      { decisionId: c.decisionId, month: "2026-07", reason: "Vale kogus" },
    );
    expect(creditNoteIds).toHaveLength(1);
    const [credit] = await t.db.select().from(invoices).where(eq(invoices.id, creditNoteIds[0]!));
    expect(credit).toMatchObject({ type: "CRE", status: "draft", creditedInvoiceId: invoiceId, netCents: -original.netCents });
    expect(await auditRows(t.db, "report.reopen")).toEqual(
      expect.arrayContaining([expect.objectContaining({ details: expect.objectContaining({ reason: "Vale kogus" }) })]),
    );

    // The month is open again: correct it and confirm again; the new figures go on a new invoice.
    await t.sql`UPDATE service_entries SET units = 1 WHERE id = ${first!.id}`;
    const again = await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, month: "2026-07" });
    expect(again.invoiceId).not.toBe(invoiceId);
    const [corrected] = await t.db.select().from(invoices).where(eq(invoices.id, again.invoiceId));
    expect(corrected!.netCents).toBe(PRICE_AFTER_CENTS);

    await confirmInvoice({ db: t.db, actor: accountant, ip: null }, { id: credit!.id });
    const [after] = await t.db.select().from(invoices).where(eq(invoices.id, invoiceId));
    expect(after).toMatchObject({ status: "credited", netCents: original.netCents, number: original.number });
    const creditDoc = await invoiceDocument({ db: t.db, actor: accountant, ip: null }, { id: credit!.id, format: "xml" });
    expect(creditDoc).toMatchObject({ type: "CRE", creditedNumber: original.number, totalCents: -original.totalCents });
    // Only an invoice is paid; the server refuses a credit note as the invoice list never offers it.
    expect(
      await appErrorOf(
        recordManualPayment({ db: t.db, actor: accountant, ip: null }, { invoiceId: credit!.id, paidOn: "2026-08-01", amountCents: 100 }),
      ),
    ).toMatchObject({ code: "INVALID_INPUT", messageKey: "paymentsErrors.invoiceNotPayable" });
    const [creditAfter] = await t.db.select().from(invoices).where(eq(invoices.id, credit!.id));
    expect(creditAfter!.status).toBe("confirmed");
  });

  it("re-opening a month still on a draft just takes its lines off the draft", async () => {
    const c = await clientWithDecision();
    await entry(c, "2026-06-08");
    const { invoiceId } = await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, month: "2026-06" });
    const { creditNoteIds } = await reopenReport(
      { db: t.db, actor: accountant, ip: null },
      { decisionId: c.decisionId, month: "2026-06", reason: "Kontrollin üle" },
    );
    expect(creditNoteIds).toEqual([]);
    expect(
      await t.db
        .select()
        .from(invoiceLines)
        .where(and(eq(invoiceLines.invoiceId, invoiceId), eq(invoiceLines.clientId, c.clientId))),
    ).toHaveLength(0);
  });

  it("refuses to number an invoice while the institution's IBAN is missing, naming the field", async () => {
    const c = await clientWithDecision();
    await entry(c, "2026-05-11");
    const { invoiceId } = await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, month: "2026-05" });
    await t.db.update(institutionSettings).set({ iban: null }).where(eq(institutionSettings.id, 1));
    try {
      const err = await appErrorOf(confirmInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoiceId }));
      expect(err.field).toBe("iban");
      const [still] = await t.db.select().from(invoices).where(eq(invoices.id, invoiceId));
      expect(still!.status).toBe("draft");
    } finally {
      await t.db.update(institutionSettings).set({ iban: "EE382200221020145685" }).where(eq(institutionSettings.id, 1));
    }
  });
});
