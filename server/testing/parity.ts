import type { Db, Tx } from "@/server/db/client";

/**
 * Parity tests run a rule's TypeScript twin and its home in PostgreSQL on the same generated
 * cases (fast-check) and fail on any difference. A fixed seed keeps the suite repeatable;
 * PARITY_SEED and PARITY_RUNS explore further by hand.
 */
export const PARITY_SEED = Number(process.env.PARITY_SEED ?? 20261203);
export const parityRuns = (usual: number) => Number(process.env.PARITY_RUNS ?? usual);

class RolledBack extends Error {
  constructor(readonly value: unknown) {
    super("rolled back");
  }
}

/** Runs `work` in a transaction that is always rolled back: each generated case starts clean. */
export async function rolledBack<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await db.transaction(async (tx) => {
      throw new RolledBack(await work(tx));
    });
  } catch (err) {
    if (err instanceof RolledBack) return err.value as T;
    throw err;
  }
  throw new Error("unreachable");
}

/** What a write in a savepoint ends with: "ok", or the PostgreSQL error it raised (undone). */
export async function outcomeInSavepoint(
  tx: Tx,
  write: (sp: Tx) => Promise<unknown>,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await tx.transaction(async (sp) => {
      await write(sp);
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}
