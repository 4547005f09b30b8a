import type { DbOrTx } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";

/**
 * What every domain function is called with: who acts, through which database handle (a
 * transaction when the caller already holds one), from where, and the request's id for log
 * lines. A tRPC context of a signed-in procedure has exactly these fields, so a router passes
 * its `ctx` through unchanged. Domain functions take `(ctx, input)`: one context, one input object.
 */
export type DomainContext<D extends DbOrTx = DbOrTx> = {
  db: D;
  actor: Actor;
  ip: string | null;
  requestId?: string | null;
};
