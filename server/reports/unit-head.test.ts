import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { tallinnTime } from "@/lib/tallinn-time";
import { callProcedure, outcomeOf } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { makeFundingSource } from "@/server/testing/funding-factories";
import { invoiceMaker } from "@/server/testing/invoice-factories";
import { makeReportWorld, type ReportWorld } from "@/server/testing/report-factories";
import { makeSession } from "@/server/testing/scheduling-factories";
import type { ReportData } from "./table";

/**
 * A unit head never sees another unit's figures, in any of the seven reports or any drill-down:
 * the head of Tallinn's report equals the accountant's report of Tallinn (and differs from the
 * whole institution's, so Tartu has figures to leak), asking for Tartu is refused, and every row
 * a drill-down lists belongs to Tallinn's clients. All through the router, as the pages call it.
 */

const t = await useTestDatabase();
let w: ReportWorld;
const YEAR = { from: "2026-01-01", to: "2026-12-31" };
const REPORTS = ["serviceStructure", "workPerEmployee", "decisions", "receivables", "income", "earnings", "clients"] as const;
let tallinnInvoices: Set<string>;

beforeAll(async () => {
  w = await makeReportWorld(t.db, { entries: 80, seed: 21 });
  // Caps on the world's decisions, so the decisions report has limits in both regions.
  await t.db.execute(sql`UPDATE funding_decisions SET yearly_cap_cents = 500000`);
  const make = invoiceMaker(t.db);
  const service = w.services[0]!.id;
  const line = (client: string, cents: number) => ({ client, service, cents });
  tallinnInvoices = new Set();
  // Funders of their own: invoiceMaker opens decisions, which may not overlap the world's SKA ones.
  const funders = [await makeFundingSource(t.db, { kind: "KOV" }), await makeFundingSource(t.db, { kind: "PRIVATE" })];
  for (const funder of funders) {
    for (const [i, client] of w.tallinnClients.entries())
      tallinnInvoices.add(
        await make({
          funder,
          client,
          lines: [line(client, 10000 + i * 100)],
          month: "2026-03-01",
          invoiceDate: "2026-04-05",
          due: "2026-04-20",
        }),
      );
    for (const [i, client] of w.tartuClients.entries())
      await make({
        funder,
        client,
        lines: [line(client, 20000 + i * 100)],
        month: "2026-03-01",
        invoiceDate: "2026-04-05",
        due: "2026-04-20",
      });
  }
  for (const [specialist, client] of [
    [w.tallinnSpecialist, w.tallinnClients[1]!],
    [w.tartuSpecialist, w.tartuClients[1]!],
  ] as const) {
    await makeSession(t.db, {
      serviceId: service,
      startsAt: tallinnTime("2026-11-02", "09:00"),
      endsAt: tallinnTime("2026-11-02", "10:00"),
      status: "done",
      specialistIds: [specialist],
      participants: [{ clientId: client }],
    });
  }
});

const call = <T = ReportData>(actor: ReportWorld["accountant"], path: string, input: object) =>
  callProcedure(t.db, actor, path, input) as Promise<T>;
const figures = (r: ReportData) => ({ totals: r.totals, rows: r.rows.map((row) => [row.key, row.values]) });

describe("the head of Tallinn sees Tallinn's figures in every report", () => {
  it.each(REPORTS)("%s: the head's report is the accountant's report of Tallinn, never the whole institution's", async (report) => {
    const head = await call(w.tallinnHead, `reports.${report}.get`, YEAR);
    const ofTallinn = await call(w.accountant, `reports.${report}.get`, { ...YEAR, unitId: w.tallinn });
    const whole = await call(w.accountant, `reports.${report}.get`, YEAR);
    expect(figures(head)).toEqual(figures(ofTallinn));
    expect(head.rows.length).toBeGreaterThan(0);
    expect(figures(head)).not.toEqual(figures(whole));
  });

  it.each(REPORTS)("%s: asking for Tartu or for a Tartu specialist is refused, naming the filter", async (report) => {
    expect(await outcomeOf(t.db, w.tallinnHead, `reports.${report}.get`, { ...YEAR, unitId: w.tartu })).toBe("FORBIDDEN");
    expect(await outcomeOf(t.db, w.tallinnHead, `reports.${report}.get`, { ...YEAR, employeeId: w.tartuSpecialist })).toBe("FORBIDDEN");
  });
});

describe("every drill-down of the head lists Tallinn's rows only", () => {
  const tallinnClient = (id: string | null) => id !== null && w.tallinnClients.includes(id);

  it("entries behind the service structure and the money brought in", async () => {
    const drill = await call<{ rows: { id: string; clientId: string | null }[] }>(w.tallinnHead, "reports.serviceStructure.rows", {
      ...YEAR,
      key: null,
    });
    const mine = new Set(w.entries.filter((e) => e.unit === "tallinn").map((e) => e.id));
    expect(drill.rows.length).toBeGreaterThan(0);
    expect(drill.rows.every((r) => mine.has(r.id) && tallinnClient(r.clientId))).toBe(true);
    expect(
      await outcomeOf(t.db, w.tallinnHead, "reports.serviceStructure.rows", {
        ...YEAR,
        key: null,
        report: "workPerEmployee",
        employeeId: w.tartuSpecialist,
      }),
    ).toBe("FORBIDDEN");
  });

  it("a decision limit's entries: a Tartu decision lists nothing", async () => {
    const [tartuDecision] = await t.db.execute<{ id: string }>(
      sql`SELECT id FROM funding_decisions WHERE client_id = ${w.tartuClients[0]!} LIMIT 1`,
    );
    const drill = await call<{ rows: unknown[] }>(w.tallinnHead, "reports.serviceStructure.rows", {
      ...YEAR,
      key: null,
      report: "decisionLimit",
      decisionId: tartuDecision!.id,
    });
    expect(drill.rows).toEqual([]);
  });

  it("invoice lines behind income, open invoices behind receivables", async () => {
    const lines = await call<{ rows: { clientId: string | null }[] }>(w.tallinnHead, "reports.income.rows", { ...YEAR, key: null });
    expect(lines.rows.length).toBeGreaterThan(0);
    expect(lines.rows.every((r) => tallinnClient(r.clientId))).toBe(true);
    const open = await call<{ id: string; clients: { id: string }[] }[]>(w.tallinnHead, "reports.receivables.rows", { ...YEAR, key: null });
    expect(open.length).toBe(tallinnInvoices.size);
    expect(open.every((r) => tallinnInvoices.has(r.id) && r.clients.length > 0 && r.clients.every((c) => tallinnClient(c.id)))).toBe(true);
  });

  it("sessions of Tallinn's staff only, and the clients behind the clients report", async () => {
    const sessions = await call<{ rows: { clientId: string | null }[] }>(w.tallinnHead, "reports.sessions", {
      ...YEAR,
      employeeId: w.tallinnSpecialist,
      measure: "missingEntries",
    });
    expect(sessions.rows.map((r) => r.clientId)).toEqual([w.tallinnClients[1]]);
    expect(await outcomeOf(t.db, w.tallinnHead, "reports.sessions", { ...YEAR, employeeId: w.tartuSpecialist, measure: "doneHours" })).toBe(
      "FORBIDDEN",
    );
    const clients = await call<{ total: number; rows: { clientId: string }[] }>(w.tallinnHead, "reports.clients.rows", {
      ...YEAR,
      key: null,
    });
    expect(clients.total).toBe(w.tallinnClients.length);
    expect(clients.rows.map((r) => r.clientId).sort()).toEqual([...w.tallinnClients].sort());
  });
});
