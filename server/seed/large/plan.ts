/**
 * The shape of the large demo installation (npm run demo:large) at a scale: how many people,
 * rooms and years. Everything else (sessions, entries, invoices) follows from these by the
 * schedule in sessions.ts: each specialist gives four one-hour sessions on every working day.
 */

export type LargePlan = {
  scale: number;
  /** Specialists: a multiple of 5, so that rooms = specialists / 5 are shared without clashes. */
  specialists: number;
  rooms: number;
  clients: number;
  teams: number;
  /** First day of the history (1 January, `years` years back) and the last (end of next month). */
  from: string;
  to: string;
  years: number;
  /** Months up to and including this one are confirmed (locked) and invoiced. */
  lastInvoicedMonth: string;
};

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function largePlan(opts: { scale: number; years: number; today: Date }): LargePlan {
  const specialists = Math.max(5, Math.round((300 * opts.scale) / 5) * 5);
  const clients = Math.max(specialists * 2, Math.round(5000 * opts.scale));
  const y = opts.today.getUTCFullYear();
  const m = opts.today.getUTCMonth();
  return {
    scale: opts.scale,
    specialists,
    rooms: specialists / 5,
    clients,
    teams: Math.max(2, Math.round(specialists / 30)),
    years: opts.years,
    from: `${y - opts.years + 1}-01-01`,
    // The last day of next month: some planned sessions lie ahead, as in a real calendar.
    to: iso(new Date(Date.UTC(y, m + 2, 0))),
    // Two months back: the last month and this one are still open for entries.
    lastInvoicedMonth: iso(new Date(Date.UTC(y, m - 2, 1))),
  };
}

/** The individual hour services the specialists give, one each (by specialist number mod 10). */
export const LARGE_SERVICES = ["2001", "2003", "2004", "2007", "2013", "2019", "2010", "2022", "2025", "2028"] as const;

/**
 * The funders of a client's year, by (client + year) mod 10: social rehabilitation for four in
 * ten, municipalities for five, self-paying for one.
 */
export const LARGE_FUNDERS = [
  { key: "SRT", share: 4 },
  { key: "KOV:Tallinna Sotsiaal- ja Tervishoiuamet", share: 2 },
  { key: "KOV:Tartu Linnavalitsus", share: 1 },
  { key: "KOV:Pärnu Linnavalitsus", share: 1 },
  { key: "KOV:Narva Linnavalitsus", share: 1 },
  { key: "PRIVATE", share: 1 },
] as const;
