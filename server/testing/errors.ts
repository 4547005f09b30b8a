import { expect } from "vitest";
import { AppError, pgErrorOf } from "@/server/errors";

/** The AppError a promise rejects with; fails the test when it resolves or throws anything else. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected the call to be refused").toBeInstanceOf(AppError);
  return err as AppError;
}

/** The PostgreSQL error (code, constraint) a promise rejects with; fails the test otherwise. */
export async function pgErrorFrom(promise: Promise<unknown>): Promise<{ code: string; constraint: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  const pg = pgErrorOf(err);
  expect(pg, `expected a PostgreSQL error, got ${String(err)}`).toBeDefined();
  return { code: pg!.code!, constraint: pg!.constraint_name ?? pg!.constraint ?? "" };
}
