import { TRPCError } from "@trpc/server";
import type { Context } from "@/server/api/context";
import { createCaller } from "@/server/api/root";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";

type Callable = (input?: unknown) => Promise<unknown>;

/** Calls a procedure by its dotted path ("clients.get") as `actor`, through the real router. */
export function callProcedure(
  db: Db,
  actor: Actor | null,
  path: string,
  input?: unknown,
  ip: string | null = null,
  session: Pick<Context, "sid" | "mustChangePassword"> = {},
): Promise<unknown> {
  const caller = createCaller({ db, actor, ip, sid: session.sid, mustChangePassword: session.mustChangePassword });
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as Callable;
  return fn(input);
}

/** The tRPC error code a call ends with, or "OK". */
export async function outcomeOf(db: Db, actor: Actor | null, path: string, input?: unknown): Promise<string> {
  try {
    await callProcedure(db, actor, path, input);
    return "OK";
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}
