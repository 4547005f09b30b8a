import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import superjson from "superjson";
import { idempotencyKeys } from "@/db/schema";
import type { Db, Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { holdPublishing } from "@/server/realtime/io";

/**
 * What a key answers for: one person's one request. `key` is the client's idempotency key (one
 * per form submission, reused by a retry of it); without one the write simply runs.
 */
export type IdempotencyScope = { key: string | null | undefined; employeeId: string; procedure: string; input: unknown };

export type Claim = { state: "new" } | { state: "done"; response: unknown } | { state: "pending" };

/** A key may be used again after this long; until then it answers with its first result. */
const KEY_LIFETIME = sql`interval '24 hours'`;

const hashOf = (input: unknown) =>
  createHash("sha256")
    .update(JSON.stringify(superjson.serialize(input)))
    .digest("hex");

const reused = () =>
  new AppError("CONFLICT", "errors.idempotencyKeyReused", "This request key was already used for a different request", {
    field: "idempotencyKey",
  });

export const inProgress = () =>
  new AppError("CONFLICT", "errors.requestInProgress", "The same request is still being processed; try again in a moment");

/**
 * Claims the key inside the caller's transaction. A concurrent claim of the same key waits on
 * the primary key until the first transaction ends: after its commit it finds the first answer,
 * after its rollback it claims the key itself. An expired key is taken over in the same statement.
 */
export async function claimKey(tx: Tx, scope: IdempotencyScope): Promise<Claim> {
  if (!scope.key) return { state: "new" };
  const requestHash = hashOf(scope.input);
  const [claimed] = await tx
    .insert(idempotencyKeys)
    .values({ employeeId: scope.employeeId, key: scope.key, procedure: scope.procedure, requestHash })
    .onConflictDoUpdate({
      target: [idempotencyKeys.employeeId, idempotencyKeys.key],
      set: { procedure: scope.procedure, requestHash, response: null, createdAt: sql`now()` },
      setWhere: sql`${idempotencyKeys.createdAt} < now() - ${KEY_LIFETIME}`,
    })
    .returning({ key: idempotencyKeys.key });
  if (claimed) return { state: "new" };
  const [first] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.employeeId, scope.employeeId), eq(idempotencyKeys.key, scope.key)));
  if (!first) throw inProgress(); // swept between the two statements: a retry claims it afresh
  if (first.procedure !== scope.procedure || first.requestHash !== requestHash) throw reused();
  if (first.response === null) return { state: "pending" };
  return { state: "done", response: superjson.deserialize(first.response as never) };
}

/** Stores the answer in the transaction of the write it answers for. */
export async function storeResponse(tx: Tx, scope: IdempotencyScope, response: unknown): Promise<void> {
  if (!scope.key) return;
  await tx
    .update(idempotencyKeys)
    .set({ response: superjson.serialize(response) })
    .where(and(eq(idempotencyKeys.employeeId, scope.employeeId), eq(idempotencyKeys.key, scope.key)));
}

let lastSweep = 0;

/** Deletes expired keys, at most once an hour per process, off the request's path. */
function sweep(db: Db) {
  if (Date.now() - lastSweep < 3_600_000) return;
  lastSweep = Date.now();
  void db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - ${KEY_LIFETIME}`))
    .catch(() => {
      lastSweep = 0;
    });
}

/**
 * Runs a write at most once per key: the key, the write and its answer commit together, and a
 * repeat gets the stored answer. `run` gets the transaction as its database handle, so the write's
 * own transaction becomes a savepoint in it; its realtime events are held until the commit.
 */
export async function idempotent<T>(db: Db, scope: IdempotencyScope, run: (db: Db) => Promise<T>): Promise<T> {
  if (!scope.key) return run(db);
  sweep(db);
  const { value, release } = await holdPublishing(() =>
    db.transaction(async (tx) => {
      const claim = await claimKey(tx, scope);
      if (claim.state === "done") return claim.response as T;
      if (claim.state === "pending") throw inProgress();
      // A transaction offers everything the domain functions use of Db (their own transactions
      // become savepoints); the types differ only in the pool handle they never touch.
      const result = await run(tx as unknown as Db);
      await storeResponse(tx, scope, result);
      return result;
    }),
  );
  release();
  return value;
}
