import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";

/**
 * The GIN index that finds a client's access history in the calendar reads' client lists
 * (audit_log.details->'clientIds', migration 0014) takes new entries into a pending list first.
 * Whoever's insert makes the list outgrow its limit moves the whole list into the index while
 * the request waits: a week of sixty rooms logs ~3,000 ids, and every ~30th such view took
 * 67-165 ms of PostgreSQL's for its audit row instead of ~6 ms. Moved here once a minute, off any
 * request's path (migration 0044 raises the limit so that a busy minute stays under it).
 * Returns the number of pending-list pages moved.
 */
export async function moveAuditClientIndexPending(db: DbOrTx): Promise<number> {
  const [row] = await db.execute<{ pages: string | number }>(
    sql`SELECT gin_clean_pending_list('audit_log_details_client_ids_idx'::regclass) AS pages`,
  );
  return Number(row!.pages);
}
