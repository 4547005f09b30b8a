/** The sections of a client's record, in order; shared by the page (server) and the record (client). */
export const TABS = ["overview", "team", "funding", "plan", "dataset", "calendar", "history"] as const;
export type Tab = (typeof TABS)[number];
