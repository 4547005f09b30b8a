import { readFileSync } from "node:fs";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { pgErrorFrom } from "@/server/testing/errors";
import { makeActor, makeClient, makeUnit, newPersonalCode } from "@/server/testing/factories";

/**
 * A client's county, recorded with the address for the clients report: one of Estonia's fifteen
 * (the database refuses anything else), set and changed through the client form's procedures,
 * and taken from the address by migration 0030 where the address names it.
 */

const t = await useTestDatabase();
let unit: string;
let actor: Actor;

beforeAll(async () => {
  unit = await makeUnit(t.db, { name: "Pärnu" });
  actor = await makeActor(t.db, {
    permissions: { "clients:read": "all", "clients:create": "all", "clients:update": "all" },
    unitIds: [unit],
  });
});

const form = (county: string | null) => ({
  personalCode: newPersonalCode(),
  birthDate: null,
  firstName: "Mari",
  lastName: "Maakond",
  email: null,
  phone: null,
  address: "Rüütli 1, Pärnu",
  county: county as "parnu" | null,
  preferredLanguage: "et" as const,
  notes: "",
  unitIds: [unit],
  caseManagerId: null,
});
const countyOf = async (id: string) => (await t.db.select({ county: clients.county }).from(clients).where(eq(clients.id, id)))[0]!.county;

describe("a client's county", () => {
  it("is set and changed with the record, and cleared by choosing 'unknown'", async () => {
    const caller = createCaller({ db: t.db, actor, ip: null });
    const { id } = await caller.clients.create(form("parnu"));
    expect(await countyOf(id)).toBe("parnu");
    await caller.clients.update({ ...form(null), clientId: id });
    expect(await countyOf(id)).toBeNull();
  });

  it("outside the list is refused by its field, and by the database", async () => {
    const caller = createCaller({ db: t.db, actor, ip: null });
    const err = await caller.clients.create(form("narva")).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    const id = await makeClient(t.db, { unitIds: [unit] });
    expect(await pgErrorFrom(t.db.execute(sql`UPDATE clients SET county = 'narva' WHERE id = ${id}`))).toMatchObject({
      code: "23514",
      constraint: "clients_county_known",
    });
  });

  it("migration 0030 takes it from an address that names it, and leaves the rest unknown", async () => {
    const ids = await Promise.all([makeClient(t.db), makeClient(t.db), makeClient(t.db), makeClient(t.db)]);
    const addresses = ["Kase 5, Saue vald, Harjumaa", "Tartu maakond, Elva, Kesk 2", "Pärnu mnt 10, Tallinn", "Lääne-Virumaa, Rakvere"];
    for (const [i, id] of ids.entries()) await t.db.update(clients).set({ address: addresses[i]!, county: null }).where(eq(clients.id, id));
    const migration = readFileSync("db/migrations/0030_client_county.sql", "utf8").split("--> statement-breakpoint").at(-1)!;
    await t.sql.unsafe(migration);
    expect(await Promise.all(ids.map(countyOf))).toEqual(["harju", "tartu", null, "laane-viru"]);
  });
});
