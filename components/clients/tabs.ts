/** The sections of a client's record, in order; shared by the page (server) and the record (client). */
export const TABS = ["overview", "team", "funding", "plan", "dataset", "documents", "calendar", "history"] as const;
export type Tab = (typeof TABS)[number];
/** The sections that hold the clinical record: shown only with clients:read_clinical. */
export const CLINICAL_TABS: readonly Tab[] = ["funding", "plan", "dataset"];
