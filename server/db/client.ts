import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/db/schema";
import { env } from "@/server/env";
import { preparing } from "./prepared-statements";

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle: query functions take `Db | Tx` so callers can compose them. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

type Pool = { db: Db; sql: postgres.Sql };

// server.ts and Next's bundled route handlers load this module separately; one pool serves both.
const holder = globalThis as unknown as { __pool?: Pool };

export function createPool(url: string, max = 10): Pool {
  // A few seconds to connect: a database that is known to be down is answered 503 before this
  // (server/db/availability.ts); this bounds the wait when it is not known yet.
  const sql = postgres(url, { max, connect_timeout: 5, onnotice: () => {}, connection: { application_name: "hoolekanne" } });
  return { sql, db: drizzle(preparing(sql), { schema }) };
}

function pool(): Pool {
  holder.__pool ??= createPool(env().DATABASE_URL, env().DATABASE_POOL_SIZE);
  return holder.__pool;
}

export function db(): Db {
  return pool().db;
}

export function rawSql(): postgres.Sql {
  return pool().sql;
}

export async function closeDb(): Promise<void> {
  const p = holder.__pool;
  holder.__pool = undefined;
  await p?.sql.end({ timeout: 5 });
}
