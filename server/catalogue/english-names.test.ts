import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { fundingSources, units, workTypes } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import { callProcedure } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor } from "@/server/testing/factories";
import { makeTimeEntry, makeWorkloadWorld, type WorkloadWorld } from "@/server/testing/workload-factories";
import { ensureStandardCatalogue } from "@/server/seed/catalogue";

/**
 * Second-language names (issue 14 item 9): work types, units and funding sources take an English
 * name in the Haldus forms; the lists hand it to the English UI, which falls back to the Estonian
 * name while none is given (lib/local-name.ts).
 */

const t = await useTestDatabase();
let w: WorkloadWorld;
let admin: Actor;

beforeAll(async () => {
  w = await makeWorkloadWorld(t.db);
  admin = await makeActor(t.db, {
    permissions: {
      "catalogue:manage": "all",
      "units:manage": "all",
      "units:read": "all",
      "workload:read": "all",
      "workload:manage": "all",
    },
  });
});

const list = <T>(path: string, input?: unknown) => callProcedure(t.db, admin, path, input) as Promise<T[]>;

describe("English names", () => {
  it("a work type is saved with its English name, trimmed, and listed with it; without one it is empty", async () => {
    await callProcedure(t.db, admin, "workload.workTypes.save", {
      id: null,
      name: "Supervisioon",
      nameEn: "  Supervision ",
      unitId: null,
      active: true,
    });
    await callProcedure(t.db, admin, "workload.workTypes.save", { id: null, name: "Sõit", unitId: null, active: true });
    const { types } = (await callProcedure(t.db, admin, "workload.workTypes.list")) as { types: { name: string; nameEn: string }[] };
    expect(types.find((x) => x.name === "Supervisioon")?.nameEn).toBe("Supervision");
    expect(types.find((x) => x.name === "Sõit")?.nameEn).toBe("");
  });

  it("a time entry carries its type's English name to the English time sheet", async () => {
    const [type] = await t.db.select().from(workTypes).where(eq(workTypes.name, "Supervisioon"));
    await makeTimeEntry(t.db, { employeeId: w.jaan.employeeId, workTypeId: type!.id, workDate: "2026-11-10", hours: 1.5 });
    const entries = await list<{ typeName: string; typeNameEn: string }>("workload.timeEntries.list", {
      employeeId: w.jaan.employeeId,
      month: "2026-11",
    });
    expect(entries).toEqual([expect.objectContaining({ typeName: "Supervisioon", typeNameEn: "Supervision" })]);
  });

  it("a unit's English name is saved on create and on update", async () => {
    await callProcedure(t.db, admin, "units.create", { name: "Pärnu", nameEn: "Pärnu office", parentId: null, headEmployeeId: null });
    const [created] = await t.db.select().from(units).where(eq(units.name, "Pärnu"));
    expect(created!.nameEn).toBe("Pärnu office");
    await callProcedure(t.db, admin, "units.update", { id: created!.id, name: "Pärnu", nameEn: "", parentId: null, headEmployeeId: null });
    const listed = await list<{ id: string; nameEn: string }>("units.list");
    expect(listed.find((u) => u.id === created!.id)?.nameEn).toBe("");
  });

  it("a funding source's English name is saved and listed", async () => {
    await callProcedure(t.db, admin, "catalogue.fundingSources.save", {
      id: null,
      kind: "KOV",
      name: "Tartu linn",
      nameEn: "City of Tartu",
      payerName: "Tartu Linnavalitsus",
      payerRegistryCode: "75006546",
      payerAddress: "Raekoja plats 1, Tartu",
      payerEmail: null,
      einvoiceRecipient: null,
      invoicePerClient: false,
      active: true,
    });
    const sources = await list<{ name: string; nameEn: string }>("catalogue.fundingSources.list");
    expect(sources.find((s) => s.name === "Tartu linn")?.nameEn).toBe("City of Tartu");
  });

  it("the database keeps English names trimmed, so an empty one is exactly ''", async () => {
    const err = await t.db.execute(sql`UPDATE ${units} SET name_en = ' North ' WHERE name = 'Pärnu'`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String((err as Error | null)?.cause ?? err)).toMatch(/units_name_en_trimmed/);
  });

  it("the standard funders come with English names", async () => {
    await ensureStandardCatalogue(t.db);
    const [srt] = await t.db
      .select()
      .from(fundingSources)
      .where(eq(fundingSources.name, "Sotsiaalkindlustusamet – sotsiaalne rehabilitatsioon"));
    expect(srt!.nameEn).toMatch(/Social Insurance Board/);
  });
});
