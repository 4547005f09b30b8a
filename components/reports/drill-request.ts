import type { DrillRequest } from "./drill-dialogs";
import { CLIENT_GROUPINGS } from "./report-options";
import type { ReportKind, ReportPageFilters } from "./report-page";

/** A figure of a report: a row's (null: the totals') value in one column. */
export type Figure = { rowKey: string | null; column: string; month?: string };

const SESSION_MEASURES = ["plannedHours", "agreedHours", "doneHours", "missingEntries", "pastOpen"] as const;
const BUCKETS = ["notDueCents", "days0to30Cents", "days31to60Cents", "days61to90Cents", "days90Cents"] as const;

/**
 * The rows a figure is made of, as the drill-down query that lists them; null where a figure is
 * not made of rows a person could open (possible hours, general work, a decision-wide total).
 * The server narrows every list to the viewer's scope again.
 */
export function drillFor(kind: ReportKind, filters: ReportPageFilters, figure: Figure, title: string): DrillRequest | null {
  const { rowKey: key, column } = figure;
  const common = {
    from: filters.from,
    to: filters.to,
    unitId: filters.unitId,
    fundingSourceId: filters.fundingSourceId,
    serviceId: filters.serviceId,
    employeeId: filters.employeeId,
  };
  const entries = (extra: object): DrillRequest => ({
    kind: "entries",
    title,
    input: { ...common, groupBy: filters.groupBy, key: null, report: "serviceStructure", ...extra },
  });
  switch (kind) {
    case "serviceStructure":
      return entries({ key });
    case "earnings":
      if (column === "generalHours") return null;
      if (key === null) return entries({});
      // A specialist's entries, or the entries of a unit's clients.
      return entries(filters.by === "unit" ? { unitId: key } : { employeeId: key });
    case "workPerEmployee": {
      if (key === null || column === "possibleHours") return null;
      const measure = column === "utilisation" ? "doneHours" : SESSION_MEASURES.find((m) => m === column);
      if (measure) return { kind: "sessions", title, input: { ...common, employeeId: key, measure } };
      return entries({ report: "workPerEmployee", employeeId: key });
    }
    case "decisions": {
      if (key === null) return null;
      // The key carries the decision, the limit, the limit's service and window (server/reports/decisions.ts).
      const [decisionId, , serviceId, from, to] = key.split(":");
      if (!decisionId || !from || !to) return null;
      if (column === "plannedUnits")
        return {
          kind: "sessions",
          title,
          input: { ...common, employeeId: null, serviceId: serviceId || null, decisionId, measure: "limitPlanned" },
        };
      return entries({ report: "decisionLimit", decisionId, from, to, serviceId: serviceId || null, employeeId: null });
    }
    case "receivables":
      return { kind: "invoices", title, input: { ...common, key, bucket: BUCKETS.find((b) => b === column) ?? null } };
    case "income":
      return {
        kind: "incomeLines",
        title,
        input: { ...common, basis: filters.basis ?? "accrual", measure: filters.measure ?? "invoiced", key, month: figure.month ?? null },
      };
    case "clients":
      return {
        kind: "clients",
        title,
        input: { ...common, by: CLIENT_GROUPINGS.find((g) => g === filters.by) ?? "funder", key, onlyNew: column === "new" },
      };
  }
}
