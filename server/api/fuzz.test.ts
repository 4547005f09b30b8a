import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { employeeRoles, employees } from "@/db/schema";
import { loadActor, type Actor } from "@/server/policy/actor";
import { seedDemo } from "@/server/seed/demo";
import { everyPermissionExcept } from "@/server/testing/actors";
import { callProcedure } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { makeRole } from "@/server/testing/factories";
import { hostileInputArbitrary } from "@/server/testing/fuzz";
import { appRouter } from "./root";
import { listProcedures } from "./trpc-internals";

/**
 * Every procedure of the router, walked from the router itself (a new one is fuzzed without
 * anyone remembering to), called as the demo institution's administrator, given every
 * permission, with inputs generated from its own zod schema and made hostile node by node.
 * Whatever comes in: never a 500, and a refused call leaves every table as it was (issue #11,
 * item 12). Fixed seed, fixed runs.
 */

// FUZZ_SEED and FUZZ_RUNS explore further by hand; the suite runs the fixed ones.
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

const t = await useTestDatabase();
const procedures = new Map(listProcedures(appRouter).map((p) => [p.path, p]));
const paths = [...procedures.keys()];

let admin: Actor;
const ids: Record<string, string[]> = {};

/** The table whose ids a uuid field names: by the field, or for a bare `id` by the router it is in. */
const TABLE_OF_FIELD: Record<string, string> = {
  clientId: "clients",
  decisionId: "funding_decisions",
  unitId: "units",
  unitIds: "units",
  parentId: "units",
  sessionId: "sessions",
  serviceId: "services",
  fundingSourceId: "funding_sources",
  employeeId: "employees",
  employeeIds: "employees",
  specialistId: "employees",
  specialistIds: "employees",
  caseManagerId: "employees",
  headEmployeeId: "employees",
  actorEmployeeId: "employees",
  roomId: "rooms",
  roomIds: "rooms",
  workTypeId: "work_types",
  specialtyId: "specialties",
  specialtyIds: "specialties",
  roleIds: "roles",
  sourceVersionId: "price_list_versions",
  grantId: "client_access_grants",
  entryId: "service_entries",
  targetId: "employees",
  paymentId: "payments",
  invoiceId: "invoices",
  allocationId: "payment_allocations",
};
const TABLE_OF_ROUTER: Record<string, string> = {
  units: "units",
  employees: "employees",
  specialties: "specialties",
  roles: "roles",
  fundingSources: "funding_sources",
  services: "services",
  priceLists: "price_list_versions",
  invoices: "invoices",
  rooms: "rooms",
  feeds: "calendar_feeds",
  workTypes: "work_types",
  timeEntries: "time_entries",
  clients: "client_network_contacts",
};
const picker = (path: string) => (field: string) => {
  const segments = path.split(".");
  const table = field === "id" ? TABLE_OF_ROUTER[segments[segments.length - 2]!] : TABLE_OF_FIELD[field];
  return (table && ids[table]?.length ? ids[table] : Object.values(ids).flat())!;
};

/**
 * Every row written, per table: a row trigger on each table notes it in fuzz_changes. Stricter
 * than comparing hashes of the tables (a change undone in the same call still shows) and cheap
 * enough to read around every call. Refused access is audited (outcome "refused") and moves an
 * audit chain head, and a refused password (account.changePassword) counts an attempt in
 * sign_in_throttle before the check: those are the refusal's own trace, not a change it made.
 */
const JOURNAL = `
  CREATE TABLE fuzz_changes (seq bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL);
  CREATE FUNCTION fuzz_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO fuzz_changes (tbl, op) VALUES (TG_TABLE_NAME, TG_OP);
    RETURN NULL;
  END $$;
  DO $$
  DECLARE r record;
  BEGIN
    FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT IN ('fuzz_changes', 'audit_chain_head', 'sign_in_throttle') LOOP
      EXECUTE format('CREATE TRIGGER fuzz_note_change AFTER %s ON %I FOR EACH ROW %s EXECUTE FUNCTION fuzz_note_change()',
        CASE WHEN r.relname = 'audit_log' THEN 'INSERT' ELSE 'INSERT OR UPDATE OR DELETE' END, r.relname,
        CASE WHEN r.relname = 'audit_log' THEN 'WHEN (NEW.outcome <> ''refused'')' ELSE '' END);
    END LOOP;
  END $$`;

const lastChange = async () =>
  Number((await t.db.execute<{ seq: string }>(sql`SELECT coalesce(max(seq), 0) AS seq FROM fuzz_changes`))[0]!.seq);
const changesSince = async (seq: number) =>
  (await t.db.execute<{ change: string }>(sql`SELECT op || ' ' || tbl AS change FROM fuzz_changes WHERE seq > ${seq} ORDER BY seq`)).map(
    (r) => r.change,
  );

beforeAll(async () => {
  await seedDemo(t.db);
  await t.db.execute(sql.raw(JOURNAL));
  const [mart] = await t.db
    .select({ id: employees.id })
    .from(employees)
    .where(sql`${employees.personalCode} = '38001085718'`);
  // The administrator, holding every permission in its widest scope: the calls get past the
  // permission check to the rules and the database, where the 500s were.
  await t.db.insert(employeeRoles).values({ employeeId: mart!.id, roleId: await makeRole(t.db, everyPermissionExcept(), "Kõik õigused") });
  admin = (await loadActor(t.db, mart!.id))!;
  // The ids of every table that has them: the uuid fields of plausible inputs pick from them.
  const tables = await t.db.execute<{ table_name: string }>(sql`SELECT table_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid' ORDER BY 1`);
  for (const { table_name } of tables) {
    const rows = await t.db.execute<{ id: string }>(sql`SELECT id::text AS id FROM ${sql.identifier(table_name)} ORDER BY id LIMIT 50`);
    ids[table_name] = rows.map((r) => r.id);
  }
});

describe("every procedure survives hostile input", () => {
  it("walks the whole router", () => {
    expect(paths.length).toBeGreaterThan(90);
    expect(paths).toEqual(
      expect.arrayContaining(["clients.create", "scheduling.sessions.book", "billing.invoices.send", "workload.sheet.export"]),
    );
    expect(ids.clients?.length).toBeGreaterThan(2);
  });

  it.each(paths)("%s: no 500, and a refused call changes no table", async (path) => {
    const schema = procedures.get(path)!.input;
    const inputs = schema ? hostileInputArbitrary(schema as never, picker(path)) : fc.oneof(fc.constant(undefined), fc.anything());
    // What fuzz_changes held before the call: read again only after a call that went through.
    let seen = await lastChange();
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        let refused: TRPCError | null = null;
        try {
          await callProcedure(t.db, admin, path, input);
        } catch (err) {
          if (!(err instanceof TRPCError)) throw err;
          refused = err;
        }
        if (!refused) {
          seen = await lastChange();
          return;
        }
        const cause = refused.cause instanceof Error ? `${refused.cause.name}: ${refused.cause.message}` : String(refused.cause);
        expect(refused.code, `${path} answered 500 (${cause})`).not.toBe("INTERNAL_SERVER_ERROR");
        // Refused by its zod input before the handler ran: nothing can have been written.
        if (refused.cause instanceof ZodError) return;
        expect(await changesSince(seen), `${path} was refused (${refused.code}) but wrote`).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
