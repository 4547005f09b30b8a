import { DateTime } from "luxon";
import { TIME_ZONE } from "@/lib/tallinn-time";

export const PRESETS = ["thisMonth", "lastMonth", "thisQuarter", "thisYear", "lastYear"] as const;
export type Preset = (typeof PRESETS)[number];

const iso = (d: DateTime) => d.toFormat("yyyy-MM-dd");

/** The period of a preset, as Tallinn calendar days, first to last (inclusive). */
export function presetPeriod(preset: Preset, now = DateTime.now().setZone(TIME_ZONE)): { from: string; to: string } {
  const unit = preset === "thisMonth" || preset === "lastMonth" ? "month" : preset === "thisQuarter" ? "quarter" : "year";
  const base = preset === "lastMonth" ? now.minus({ months: 1 }) : preset === "lastYear" ? now.minus({ years: 1 }) : now;
  return { from: iso(base.startOf(unit)), to: iso(base.endOf(unit)) };
}

/** Which preset a period is, or "custom". */
export function presetOf(period: { from: string; to: string }): Preset | "custom" {
  return (
    PRESETS.find((p) => {
      const q = presetPeriod(p);
      return q.from === period.from && q.to === period.to;
    }) ?? "custom"
  );
}

/** The filters of a report page; kept in the address so a report can be bookmarked and shared. */
export type Filters = {
  from: string;
  to: string;
  unitId: string | null;
  fundingSourceId: string | null;
  serviceId: string | null;
  employeeId: string | null;
};

export const URL_KEYS: Record<keyof Filters, string> = {
  from: "from",
  to: "to",
  unitId: "unit",
  fundingSourceId: "funder",
  serviceId: "service",
  employeeId: "employee",
};

// A malformed or unknown id is kept, so the server refuses it by its filter's name instead of the
// report silently showing everything.
const id = (v: string | undefined) => (v ? v.slice(0, 100) : null);

/** The filters in a page's search parameters; a bad period or id is left for the server to word. */
export function filtersFromSearch(params: Record<string, string | undefined>, fallback = presetPeriod("thisYear")): Filters {
  return {
    from: params.from ?? fallback.from,
    to: params.to ?? fallback.to,
    unitId: id(params.unit),
    fundingSourceId: id(params.funder),
    serviceId: id(params.service),
    employeeId: id(params.employee),
  };
}
