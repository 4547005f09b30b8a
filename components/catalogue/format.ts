/**
 * Dates of the catalogue are calendar days ("YYYY-MM-DD"). They are shown and compared as
 * strings, never through a local-time Date, so no browser time zone can move them.
 */

/** Today in the institution's time zone, as "YYYY-MM-DD". */
export { tallinnToday as todayInTallinn } from "@/lib/tallinn-time";

export type Validity = "past" | "current" | "future";

export function validityOn(day: string, from: string, to: string | null): Validity {
  if (day < from) return "future";
  if (to !== null && day > to) return "past";
  return "current";
}
