import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { vatRates } from "@/db/schema";
import { translateDbError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor } from "@/server/testing/factories";
import { deleteVatRate, listVatRates, saveVatRate } from "./vat-rates";

const t = await useTestDatabase({ max: 6 });

let admin: Actor;
let reader: Actor;
const ctx = (actor: Actor) => ({ db: t.db, actor, ip: "10.0.0.1" });
const row = (r: { kind: string; rate: string; validFrom: string; validTo: string | null }) => [r.kind, r.rate, r.validFrom, r.validTo];

beforeAll(async () => {
  admin = await makeActor(t.db, { permissions: { "catalogue:manage": "all" } });
  reader = await makeActor(t.db, { permissions: {} });
});

describe("the VAT rate table", () => {
  it("holds Estonia's rates with their validity from the migration", async () => {
    expect((await listVatRates(ctx(reader))).map(row)).toEqual([
      ["accommodation", "9.00", "2009-07-01", "2024-12-31"],
      ["accommodation", "13.00", "2025-01-01", null],
      ["reduced", "9.00", "2009-07-01", null],
      ["standard", "20.00", "2009-07-01", "2023-12-31"],
      ["standard", "22.00", "2024-01-01", "2025-06-30"],
      ["standard", "24.00", "2025-07-01", null],
    ]);
  });

  it("refuses a period overlapping a rate of the same kind, naming that rate; other kinds do not clash", async () => {
    const err = await appErrorOf(
      saveVatRate(ctx(admin), { id: null, kind: "standard", rate: "25", validFrom: "2027-01-01", validTo: null, note: "" }),
    );
    expect(err).toMatchObject({
      code: "CONFLICT",
      messageKey: "vatErrors.overlapOpen",
      field: "validFrom",
      params: { rate: 24, from: "2025-07-01" },
    });
    const closed = await appErrorOf(
      saveVatRate(ctx(admin), { id: null, kind: "standard", rate: "21", validFrom: "2023-06-01", validTo: "2024-02-01", note: "" }),
    );
    expect(closed).toMatchObject({
      messageKey: "vatErrors.overlap",
      field: "validFrom",
      params: { rate: 20, from: "2009-07-01", to: "2023-12-31" },
    });
    // Nothing was written by the refusals.
    expect((await listVatRates(ctx(reader))).filter((r) => r.kind === "standard")).toHaveLength(3);
  });

  it("keeps the guarantee in PostgreSQL: an overlapping insert is refused by the exclusion constraint", async () => {
    const insert = () => t.db.insert(vatRates).values({ kind: "reduced", rate: "5.00", validFrom: "2030-01-01" });
    expect(await pgErrorFrom(insert())).toEqual({ code: "23P01", constraint: "vat_rates_no_overlap" });
    const translated = await insert().then(
      () => null,
      (e: unknown) => translateDbError(e),
    );
    expect(translated).toMatchObject({ code: "CONFLICT", messageKey: "vatErrors.overlapDb", field: "validFrom" });
  });

  it("lets an administrator close a rate and add the next one, and audits both", async () => {
    const [open] = await t.db
      .select()
      .from(vatRates)
      .where(sql`kind = 'accommodation' AND valid_to IS NULL`);
    await saveVatRate(ctx(admin), {
      id: open!.id,
      kind: "accommodation",
      rate: "13",
      validFrom: "2025-01-01",
      validTo: "2027-12-31",
      note: "",
    });
    const next = await saveVatRate(ctx(admin), {
      id: null,
      kind: "accommodation",
      rate: "14,5",
      validFrom: "2028-01-01",
      validTo: null,
      note: "Hypothetical",
    });
    expect(next).toMatchObject({ rate: "14.50", validFrom: "2028-01-01", validTo: null, note: "Hypothetical" });
    const audit = (await auditRows(t.db)).filter((a) => a.targetId === next.id || a.targetId === open!.id);
    expect(audit.map((a) => a.action)).toEqual(["vatRate.update", "vatRate.create"]);
    await deleteVatRate(ctx(admin), { id: next.id });
    expect((await listVatRates(ctx(reader))).some((r) => r.id === next.id)).toBe(false);
  });

  it("lets only catalogue managers change the table", async () => {
    expect(
      await appErrorOf(
        saveVatRate(ctx(reader), { id: null, kind: "reduced", rate: "5", validFrom: "2040-01-01", validTo: null, note: "" }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
  });
});
