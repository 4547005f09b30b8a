import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { callProcedure } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { makeReportWorld, type ReportWorld } from "@/server/testing/report-factories";

/**
 * Bad filters, in every report and every drill-down, through the router as the pages call it:
 * each is refused with a 4xx whose message key names what is wrong and whose field is the
 * filter (so the page marks it), never a 500.
 */

const t = await useTestDatabase();
let w: ReportWorld;
const YEAR = { from: "2026-01-01", to: "2026-12-31" };
const NOBODY = "00000000-0000-4000-8000-000000000001";

beforeAll(async () => {
  w = await makeReportWorld(t.db, { entries: 10, seed: 5 });
});

/** How a call ends: its tRPC code, and the domain refusal's message key and field. */
async function refusal(actor: ReportWorld["accountant"], path: string, input: object) {
  try {
    await callProcedure(t.db, actor, path, input);
    return { code: "OK" };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    const app = err.cause instanceof AppError ? err.cause : null;
    return { code: err.code, messageKey: app?.messageKey, field: app?.field };
  }
}

const PROCEDURES: [string, object][] = [
  ["reports.serviceStructure.get", {}],
  ["reports.workPerEmployee.get", {}],
  ["reports.decisions.get", {}],
  ["reports.receivables.get", {}],
  ["reports.income.get", {}],
  ["reports.earnings.get", {}],
  ["reports.clients.get", {}],
  ["reports.serviceStructure.rows", { key: null }],
  ["reports.income.rows", { key: null }],
  ["reports.receivables.rows", { key: null }],
  ["reports.clients.rows", { key: null }],
  ["reports.sessions", { measure: "doneHours" }],
];

const CASES: [string, object, string, string, string][] = [
  ["a period that ends before it starts", { from: "2026-05-01", to: "2026-04-30" }, "BAD_REQUEST", "reports.errors.periodOrder", "to"],
  ["a period longer than five years", { from: "2020-01-01", to: "2025-01-01" }, "BAD_REQUEST", "reports.errors.periodTooLong", "to"],
  ["an unknown unit", { unitId: NOBODY }, "BAD_REQUEST", "reports.errors.unknownUnit", "unitId"],
  ["a garbled unit id from a hand-edited address", { unitId: "tallinn" }, "BAD_REQUEST", "reports.errors.unknownUnit", "unitId"],
  ["an unknown funder", { fundingSourceId: NOBODY }, "BAD_REQUEST", "reports.errors.unknownFunder", "fundingSourceId"],
  ["an unknown service", { serviceId: "x" }, "BAD_REQUEST", "reports.errors.unknownService", "serviceId"],
  ["an unknown employee", { employeeId: NOBODY }, "BAD_REQUEST", "reports.errors.unknownEmployee", "employeeId"],
];

describe.each(PROCEDURES)("%s", (path, extra) => {
  it.each(CASES)("%s is refused by its field", async (_name, change, code, messageKey, field) => {
    // The sessions drill-down needs an employee; give it one in reach unless the case is about the employee.
    const base = path === "reports.sessions" ? { employeeId: w.tartuSpecialist } : {};
    expect(await refusal(w.accountant, path, { ...YEAR, ...base, ...extra, ...change })).toEqual({ code, messageKey, field });
  });

  it("a filter the viewer may not use (another region's unit or employee) is refused by its field", async () => {
    const base = path === "reports.sessions" ? { employeeId: w.tallinnSpecialist } : {};
    expect(await refusal(w.tallinnHead, path, { ...YEAR, ...base, ...extra, unitId: w.tartu })).toEqual({
      code: "FORBIDDEN",
      messageKey: "reports.errors.outOfReachUnit",
      field: "unitId",
    });
    expect(await refusal(w.tallinnHead, path, { ...YEAR, ...extra, employeeId: w.tartuSpecialist })).toEqual({
      code: "FORBIDDEN",
      messageKey: "reports.errors.outOfReachEmployee",
      field: "employeeId",
    });
  });

  it("the same filters within reach are answered", async () => {
    const base = path === "reports.sessions" ? { employeeId: w.tallinnSpecialist } : {};
    expect(await refusal(w.tallinnHead, path, { ...YEAR, ...base, ...extra, unitId: w.tallinn })).toEqual({ code: "OK" });
  });
});
