/**
 * Dates of the catalogue are calendar days ("YYYY-MM-DD"). They are shown and compared as
 * strings, never through a local-time Date, so no browser time zone can move them.
 */

/** "01.08.2018" */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

/** Today in the institution's time zone, as "YYYY-MM-DD". */
export function todayInTallinn(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Tallinn", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export type Validity = "past" | "current" | "future";

export function validityOn(day: string, from: string, to: string | null): Validity {
  if (day < from) return "future";
  if (to !== null && day > to) return "past";
  return "current";
}
