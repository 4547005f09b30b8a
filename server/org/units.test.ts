import { eq } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { units } from "@/db/schema";
import { AppError, translateDbError } from "@/server/errors";
import { loadActor, type Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor, makeClient, makeEmployee } from "@/server/testing/factories";
import { createUnit, deleteUnit, listUnits, updateUnit } from "./units";

const t = await useTestDatabase();

let admin: Actor;
const ids: Record<string, string> = {};

const parentOf = async (id: string) => (await t.db.select().from(units).where(eq(units.id, id)))[0]?.parentId ?? null;

/** Walks every unit up to the root; a walk longer than the number of units is a cycle. */
async function assertNoCycle() {
  const rows = await t.db.select({ id: units.id, parentId: units.parentId }).from(units);
  const parent = new Map(rows.map((r) => [r.id, r.parentId]));
  for (const r of rows) {
    let steps = 0;
    for (let at: string | null | undefined = r.id; at; at = parent.get(at)) {
      expect(++steps, `unit ${r.id} is in a cycle`).toBeLessThanOrEqual(rows.length);
    }
  }
}

beforeAll(async () => {
  admin = await makeActor(t.db, { permissions: { "units:read": "all", "units:manage": "all" } });
  const make = async (name: string, parent: string | null) => {
    ids[name] = (
      await createUnit({ db: t.db, actor: admin, ip: "127.0.0.1" }, { name, parentId: parent ? ids[parent]! : null, headEmployeeId: null })
    ).id;
  };
  await make("Region", null);
  await make("A", "Region");
  await make("A1", "A");
  await make("A1a", "A1");
  await make("B", "Region");
});

describe("the unit tree", () => {
  it("is built by createUnit, each creation audited", async () => {
    expect(await parentOf(ids.A1a!)).toBe(ids.A1);
    const list = await listUnits({ db: t.db, actor: admin, ip: null });
    expect(list.map((u) => u.name).sort()).toEqual(["A", "A1", "A1a", "B", "Region"]);
    const created = await auditRows(t.db, "unit.create");
    expect(created.map((r) => r.targetId)).toEqual([ids.Region, ids.A, ids.A1, ids.A1a, ids.B]);
    expect(created[0]!.ip).toBe("127.0.0.1");
  });

  it("refuses moving a unit under its own descendant or itself, naming parentId, and saves nothing", async () => {
    const updatesBefore = (await auditRows(t.db, "unit.update")).length;
    for (const target of [ids.A1a!, ids.A1!, ids.A!]) {
      const err = await appErrorOf(
        updateUnit({ db: t.db, actor: admin, ip: null }, { name: "A", parentId: target, headEmployeeId: null, id: ids.A! }),
      );
      expect(err.code).toBe("INVALID_INPUT");
      expect(err.field).toBe("parentId");
    }
    expect(await parentOf(ids.A!)).toBe(ids.Region);
    expect(await auditRows(t.db, "unit.update")).toHaveLength(updatesBefore);
  });

  it("the database itself refuses a cycle written by plain SQL", async () => {
    const err = await pgErrorFrom(t.sql`UPDATE units SET parent_id = ${ids.A1a!} WHERE id = ${ids.A!}`);
    expect(err).toEqual({ code: "23514", constraint: "units_no_cycle" });
    const self = await pgErrorFrom(t.sql`UPDATE units SET parent_id = id WHERE id = ${ids.B!}`);
    expect(self.code).toBe("23514");
    expect(await parentOf(ids.A!)).toBe(ids.Region);
  });

  it("turns the database's refusal into the same friendly error", async () => {
    const raw = await t.db
      .update(units)
      .set({ parentId: ids.A1a! })
      .where(eq(units.id, ids.A!))
      .then(
        () => null,
        (e: unknown) => e,
      );
    const err = translateDbError(raw);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "parentId" });
  });

  it("moves a unit elsewhere and audits before and after", async () => {
    await updateUnit({ db: t.db, actor: admin, ip: null }, { name: "A1a", parentId: ids.B!, headEmployeeId: null, id: ids.A1a! });
    expect(await parentOf(ids.A1a!)).toBe(ids.B);
    const [last] = (await auditRows(t.db, "unit.update")).slice(-1);
    expect(last!.details).toMatchObject({ before: { parentId: ids.A1 }, after: { parentId: ids.B } });
  });
});

describe("two people moving units at the same moment", () => {
  /**
   * X and Y each with a child. Moving X under Y's child while Y moves under X's child closes a
   * loop, and the two moves lock different rows, so only the trigger's lock keeps them apart.
   */
  async function twoTrees(prefix: string) {
    const make = async (name: string, parentId: string | null) =>
      (await createUnit({ db: t.db, actor: admin, ip: null }, { name: `${prefix}${name}`, parentId, headEmployeeId: null })).id;
    const x = await make("X", null);
    const y = await make("Y", null);
    return { x, y, x1: await make("X1", x), y1: await make("Y1", y) };
  }

  it("cannot together close a loop through plain SQL on two connections", async () => {
    const { x, y, x1, y1 } = await twoTrees("sql-");
    const one = postgres(t.url, { max: 1, onnotice: () => {} });
    const two = postgres(t.url, { max: 1, onnotice: () => {} });
    try {
      // Each holds its change open for a moment, so the two transactions overlap.
      const move = (conn: postgres.Sql, unit: string, parent: string) =>
        conn.begin(async (tx) => {
          await tx`UPDATE units SET parent_id = ${parent} WHERE id = ${unit}`;
          await tx`SELECT pg_sleep(0.3)`;
        });
      const results = await Promise.allSettled([move(one, x, y1), move(two, y, x1)]);
      const failed = results.filter((r) => r.status === "rejected");
      expect(failed).toHaveLength(1);
      const reason = (failed[0] as PromiseRejectedResult).reason as { code: string; constraint_name: string };
      expect([reason.code, reason.constraint_name]).toEqual(["23514", "units_no_cycle"]);
    } finally {
      await one.end();
      await two.end();
    }
    await assertNoCycle();
  });

  it("cannot close a loop through updateUnit either; the later move gets the friendly error and only the committed one is audited", async () => {
    const { x, y, x1, y1 } = await twoTrees("app-");
    const updatesBefore = (await auditRows(t.db, "unit.update")).length;
    const results = await Promise.allSettled([
      updateUnit({ db: t.db, actor: admin, ip: null }, { name: "app-X", parentId: y1, headEmployeeId: null, id: x }),
      updateUnit({ db: t.db, actor: admin, ip: null }, { name: "app-Y", parentId: x1, headEmployeeId: null, id: y }),
    ]);
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed).toHaveLength(1);
    expect(translateDbError((failed[0] as PromiseRejectedResult).reason)).toMatchObject({ code: "INVALID_INPUT", field: "parentId" });
    await assertNoCycle();
    expect(await auditRows(t.db, "unit.update")).toHaveLength(updatesBefore + 1);
  });

  it("a direct swap (A under B, B under A) is refused too, at worst as a deadlock to retry", async () => {
    const p = (await createUnit({ db: t.db, actor: admin, ip: null }, { name: "P", parentId: null, headEmployeeId: null })).id;
    const q = (await createUnit({ db: t.db, actor: admin, ip: null }, { name: "Q", parentId: null, headEmployeeId: null })).id;
    const results = await Promise.allSettled([
      updateUnit({ db: t.db, actor: admin, ip: null }, { name: "P", parentId: q, headEmployeeId: null, id: p }),
      updateUnit({ db: t.db, actor: admin, ip: null }, { name: "Q", parentId: p, headEmployeeId: null, id: q }),
    ]);
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed).toHaveLength(1);
    // Each move locks its own unit FOR UPDATE and the other's parent-key check waits on it, so
    // PostgreSQL may break a deadlock before the cycle check runs: still an expected refusal.
    const err = translateDbError((failed[0] as PromiseRejectedResult).reason) as AppError;
    expect(err).toBeInstanceOf(AppError);
    const expected =
      (err.code === "INVALID_INPUT" && err.field === "parentId") || (err.code === "CONFLICT" && err.messageKey === "errors.retry");
    expect(expected, `${err.code}: ${err.message}`).toBe(true);
    await assertNoCycle();
  });
});

describe("deleting a unit", () => {
  it("is refused while it has sub-units, naming how many", async () => {
    const err = await appErrorOf(deleteUnit({ db: t.db, actor: admin, ip: null }, { id: ids.Region! }));
    expect(err.code).toBe("CONFLICT");
    expect(err.params).toEqual({ count: 2 });
    expect(err.message).toContain("2 sub-units");
  });

  it("is refused while employees or clients belong to it, naming the counts, and nothing is deleted", async () => {
    const unit = (await createUnit({ db: t.db, actor: admin, ip: null }, { name: "Busy", parentId: ids.B!, headEmployeeId: null })).id;
    await makeEmployee(t.db, { unitIds: [unit] });
    await makeEmployee(t.db, { unitIds: [unit] });
    await makeClient(t.db, { unitIds: [unit] });
    const err = await appErrorOf(deleteUnit({ db: t.db, actor: admin, ip: null }, { id: unit }));
    expect(err.code).toBe("CONFLICT");
    expect(err.params).toEqual({ employees: 2, clients: 1 });
    expect(err.message).toContain("2 employees");
    expect(await t.db.select().from(units).where(eq(units.id, unit))).toHaveLength(1);
    expect((await auditRows(t.db, "unit.delete")).map((r) => r.targetId)).not.toContain(unit);
  });

  it("removes an empty unit and audits it", async () => {
    const unit = (await createUnit({ db: t.db, actor: admin, ip: null }, { name: "Empty", parentId: ids.B!, headEmployeeId: null })).id;
    await deleteUnit({ db: t.db, actor: admin, ip: null }, { id: unit });
    expect(await t.db.select().from(units).where(eq(units.id, unit))).toHaveLength(0);
    expect((await auditRows(t.db, "unit.delete")).map((r) => r.targetId)).toContain(unit);
  });
});

describe("who may change the tree", () => {
  it("a unit-scoped manager works only inside their subtree and never at the root level", async () => {
    const manager = await makeActor(t.db, { permissions: { "units:read": "unit", "units:manage": "unit" }, unitIds: [ids.A!] });
    const inside = await createUnit({ db: t.db, actor: manager, ip: null }, { name: "Inside", parentId: ids.A1!, headEmployeeId: null });
    expect(await parentOf(inside.id)).toBe(ids.A1);
    expect(
      (await appErrorOf(createUnit({ db: t.db, actor: manager, ip: null }, { name: "Outside", parentId: ids.B!, headEmployeeId: null })))
        .code,
    ).toBe("FORBIDDEN");
    expect(
      (await appErrorOf(createUnit({ db: t.db, actor: manager, ip: null }, { name: "Root", parentId: null, headEmployeeId: null }))).code,
    ).toBe("FORBIDDEN");
    // Moving a unit of theirs out of their subtree is refused too (actor reloaded: it now includes Inside).
    expect(
      (
        await appErrorOf(
          updateUnit(
            { db: t.db, actor: (await loadActor(t.db, manager.employeeId))!, ip: null },
            { name: "Inside", parentId: ids.B!, headEmployeeId: null, id: inside.id },
          ),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it("refuses an inactive head, naming headEmployeeId", async () => {
    const retired = await makeEmployee(t.db, { active: false });
    const err = await appErrorOf(
      createUnit({ db: t.db, actor: admin, ip: null }, { name: "Headed", parentId: ids.B!, headEmployeeId: retired }),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "headEmployeeId" });
  });

  it("a name clash refused by the database leaves no unit and no audit row", async () => {
    const createdBefore = (await auditRows(t.db, "unit.create")).length;
    const raw = await createUnit({ db: t.db, actor: admin, ip: null }, { name: "A1", parentId: ids.A!, headEmployeeId: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(translateDbError(raw)).toMatchObject({ code: "CONFLICT", field: "name" });
    expect(await t.db.select().from(units).where(eq(units.name, "A1"))).toHaveLength(1);
    expect(await auditRows(t.db, "unit.create")).toHaveLength(createdBefore);
  });
});
