import { beforeAll, describe, expect, it } from "vitest";
import en from "@/i18n/en/reports.json";
import et from "@/i18n/et/reports.json";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeReportWorld, type ReportWorld } from "@/server/testing/report-factories";
import { CLIENT_GROUPINGS, clientsReport } from "./clients";
import { decisionsReport } from "./decisions";
import { EARNINGS_GROUPINGS, earningsReport } from "./earnings";
import { INCOME_BASES, incomeReport } from "./income";
import { receivablesReport } from "./receivables";
import { SERVICE_GROUPINGS, serviceStructure } from "./service-structure";
import { transformer } from "@/lib/transformer";
import { reportAnswer, type ReportData } from "./table";
import { workPerEmployee } from "./work-per-employee";

/**
 * A short definition beside every measure: every column any of the seven reports can answer with
 * (each grouping and basis, with and without euros) has a heading and a definition in Estonian
 * and English, and so has every row heading; a month column shares the one "month" definition.
 */

const t = await useTestDatabase();
let w: ReportWorld;
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const YEAR = { from: "2026-01-01", to: "2026-12-31" };

beforeAll(async () => {
  w = await makeReportWorld(t.db, { entries: 10, seed: 9 });
});

async function everyVariant(): Promise<ReportData[]> {
  const out: ReportData[] = [];
  for (const actor of [w.accountant, w.tallinnHead]) {
    for (const groupBy of SERVICE_GROUPINGS) out.push(await serviceStructure(ctx(actor), { ...YEAR, groupBy }));
    out.push(await workPerEmployee(ctx(actor), YEAR));
    out.push(await decisionsReport(ctx(actor), YEAR));
    out.push(await receivablesReport(ctx(actor), YEAR));
    for (const basis of INCOME_BASES) out.push(await incomeReport(ctx(actor), { ...YEAR, basis, measure: "invoiced" }));
    for (const by of EARNINGS_GROUPINGS) out.push(await earningsReport(ctx(actor), { ...YEAR, by }));
    for (const by of CLIENT_GROUPINGS) out.push(await clientsReport(ctx(actor), { ...YEAR, by }));
  }
  return out;
}

describe("every measure is defined beside the table", () => {
  it.each([
    ["et", et],
    ["en", en],
  ] as const)("in %s", async (_lang, messages) => {
    const texts = messages.reports as unknown as Record<
      string,
      { columns: Record<string, string>; definitions: Record<string, string> }
    > & {
      rowHeaders: Record<string, string>;
    };
    const missing: string[] = [];
    for (const report of await everyVariant()) {
      const { columns, definitions } = texts[report.report]!;
      for (const c of report.columns) {
        const key = c.month ? "month" : c.key;
        if (!columns[key]?.trim()) missing.push(`${report.report}.columns.${key}`);
        if (!definitions[key]?.trim()) missing.push(`${report.report}.definitions.${key}`);
      }
      if (!texts.rowHeaders[report.rowHeader]?.trim()) missing.push(`rowHeaders.${report.rowHeader}`);
    }
    expect(missing).toEqual([]);
  });
});

describe("every report goes to the browser as plain JSON", () => {
  it("and is read back as it was answered", async () => {
    for (const report of await everyVariant()) {
      const sent = JSON.parse(JSON.stringify(transformer.serialize(reportAnswer(report)))) as { json: unknown; meta?: unknown };
      expect(sent.meta).toBeUndefined();
      expect(transformer.deserialize(sent)).toEqual(report);
    }
  });
});
