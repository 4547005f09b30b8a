import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { errorFields, log } from "@/server/log";

/** The move under way, if any. */
let moving: Promise<number> | null = null;
/** Client ids logged by this process since its last move began (an upper bound: see below). */
let loggedSinceMove = 0;

/**
 * The GIN index that finds a client's access history in the calendar reads' client lists
 * (audit_log.details->'clientIds', migration 0014) takes new entries into a pending list first.
 * Whoever's insert makes the list outgrow its limit moves the whole list into the index while
 * the request waits: a week of sixty rooms logs ~3,000 ids, and every ~30th such view took
 * 67-165 ms of PostgreSQL's for its audit row instead of ~6 ms. Moved here off any request's path:
 * once a minute (server/boot/background.ts), and sooner when reads have logged many ids
 * (noteAuditClientIds). One move at a time: a caller during a move gets that move's answer.
 * Returns the number of pending-list pages moved.
 */
export function moveAuditClientIndexPending(db: DbOrTx): Promise<number> {
  loggedSinceMove = 0;
  moving ??= db
    .execute<{ pages: string | number }>(sql`SELECT gin_clean_pending_list('audit_log_details_client_ids_idx'::regclass) AS pages`)
    .then(([row]) => Number(row!.pages))
    .finally(() => (moving = null));
  return moving;
}

/** The move under way, if any (for tests). */
export const auditIndexMoveUnderWay = (): Promise<number> | null => moving;

/**
 * After this many logged ids a move starts at once: ~33 views of a week of sixty rooms, a sixth
 * of what the list holds (migration 0044's 64 MB, some 200 such views). A minute can hold more
 * than 200 of them (bench:reports runs 200 in ~6 s): the view whose insert outgrew the list then
 * waited 520-650 ms for its audit row while the insert moved it. A move of ~33 views' entries is
 * a sixth of that work, in the background.
 */
export const MOVE_AFTER_IDS = 100_000;

/**
 * Counts `count` client ids a read just put in the pending list (each audit row's list holds a
 * client once; callers may count a client once per session, which only moves sooner). Past
 * MOVE_AFTER_IDS, starts a move in the background and returns it; null otherwise, and always for
 * a transaction's handle, which may end before the move would. A failed move is logged and left
 * to the next.
 */
export function noteAuditClientIds(db: DbOrTx, count: number): Promise<number> | null {
  loggedSinceMove += count;
  if (loggedSinceMove < MOVE_AFTER_IDS || !("$client" in db)) return null;
  const move = moveAuditClientIndexPending(db);
  move.catch((err: unknown) =>
    log.error({ area: "audit", err: errorFields(err) }, "moving the audit client index's pending entries failed"),
  );
  return move;
}
