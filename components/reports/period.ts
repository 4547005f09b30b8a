import { addDays, nextMonthStart } from "@/lib/calendar-days";
import { tallinnToday } from "@/lib/tallinn-time";

export const PRESETS = ["thisMonth", "lastMonth", "thisQuarter", "thisYear", "lastYear"] as const;
export type Preset = (typeof PRESETS)[number];

const month = (year: number, m: number) => `${year}-${String(m).padStart(2, "0")}`;

/** The period of a preset, as Tallinn calendar days, first to last (inclusive). */
export function presetPeriod(preset: Preset, now = new Date()): { from: string; to: string } {
  const today = tallinnToday(now);
  let year = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  // Months first to last, of the year that is meant.
  let [first, last] = [1, 12];
  if (preset === "lastMonth") [year, m] = m === 1 ? [year - 1, 12] : [year, m - 1];
  if (preset === "lastYear") year -= 1;
  if (preset === "thisMonth" || preset === "lastMonth") [first, last] = [m, m];
  if (preset === "thisQuarter") [first, last] = [m - ((m - 1) % 3), m - ((m - 1) % 3) + 2];
  return { from: `${month(year, first)}-01`, to: addDays(nextMonthStart(month(year, last)), -1) };
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
