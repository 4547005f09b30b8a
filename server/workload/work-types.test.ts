import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { callProcedure } from "@/server/testing/callers";
import { auditRows, makeActor } from "@/server/testing/factories";
import { makeTimeEntry, makeWorkloadWorld, type WorkloadWorld } from "@/server/testing/workload-factories";
import { listTimeEntries } from "./time-entries";
import { listWorkTypes, saveWorkType, typesForPerson } from "./work-types";

/**
 * General work types: a manager defines them for the units their scope reaches; types for the
 * whole institution need an institution-wide scope. People log under the types of their own
 * units and the units above them.
 */

const t = await useTestDatabase();
let w: WorkloadWorld;

beforeAll(async () => {
  w = await makeWorkloadWorld(t.db);
});

const type = (name: string, unitId: string | null, active = true) => ({ name, unitId, active });

describe("defining types", () => {
  it("a manager defines types for their unit and its teams, audited; not for another region, not for everyone", async () => {
    await saveWorkType({ db: t.db, actor: w.manager, ip: null }, { ...type("Supervisioon", w.units.tallinn), id: null });
    await saveWorkType({ db: t.db, actor: w.manager, ip: null }, { ...type("Meeskonna arutelu", w.units.team1), id: null });
    expect(
      (await appErrorOf(saveWorkType({ db: t.db, actor: w.manager, ip: null }, { ...type("Tartu asi", w.units.tartu), id: null }))).code,
    ).toBe("FORBIDDEN");
    expect(await appErrorOf(saveWorkType({ db: t.db, actor: w.manager, ip: null }, { ...type("Koosolek", null), id: null }))).toMatchObject(
      { code: "INVALID_INPUT", field: "unitId", messageKey: "errors.workTypeInstitutionScope" },
    );
    expect((await auditRows(t.db, "work_type.create")).map((r) => (r.details as { name: string }).name)).toEqual([
      "Supervisioon",
      "Meeskonna arutelu",
    ]);
  });

  it("an institution-wide manager defines types for everyone; a specialist defines none", async () => {
    const director = await makeActor(t.db, { permissions: { "workload:read": "all", "workload:manage": "all" } });
    await saveWorkType({ db: t.db, actor: director, ip: null }, { ...type("Koosolek", null), id: null });
    await saveWorkType({ db: t.db, actor: director, ip: null }, { ...type("Tartu koolitus", w.units.tartu), id: null });
    await saveWorkType({ db: t.db, actor: director, ip: null }, { ...type("Vana liik", null, false), id: null });
    expect(
      (await appErrorOf(saveWorkType({ db: t.db, actor: w.jaan, ip: null }, { ...type("Minu liik", w.units.team1), id: null }))).code,
    ).toBe("FORBIDDEN");
  });

  it("a name is needed, and unique within its unit (the same name may live in another unit)", async () => {
    expect(
      await appErrorOf(saveWorkType({ db: t.db, actor: w.manager, ip: null }, { ...type("  ", w.units.tallinn), id: null })),
    ).toMatchObject({ code: "INVALID_INPUT", field: "name" });
    // The unique constraint decides; the router's one error mapping words it for the field.
    const twice = await callProcedure(t.db, w.manager, "workload.workTypes.save", {
      id: null,
      ...type("Supervisioon", w.units.tallinn),
    }).catch((e: unknown) => e);
    expect((twice as { cause?: unknown }).cause).toMatchObject({ code: "CONFLICT", field: "name", messageKey: "errors.workTypeNameTaken" });
    await saveWorkType({ db: t.db, actor: w.manager, ip: null }, { ...type("Supervisioon", w.units.team2), id: null });
  });

  it("the list shows the institution's types and those of the units in reach, with what the viewer may change", async () => {
    const list = (await listWorkTypes({ db: t.db, actor: w.manager, ip: null })).types;
    expect(list.map((x) => [x.name, x.canManage]).sort()).toEqual([
      ["Koosolek", false],
      ["Meeskonna arutelu", true],
      ["Supervisioon", true],
      ["Supervisioon", true],
      ["Vana liik", false],
    ]);
  });
});

describe("logging under types", () => {
  it("a person gets the active types of the institution, of their own unit and of the units above it", async () => {
    const names = (await typesForPerson({ db: t.db, actor: w.jaan, ip: null }, { employeeId: w.jaan.employeeId })).map((x) => x.name);
    expect(names).toEqual(["Koosolek", "Meeskonna arutelu", "Supervisioon"]);
    const liis = (await typesForPerson({ db: t.db, actor: w.liis, ip: null }, { employeeId: w.liis.employeeId }))
      .map((x) => `${x.name}/${x.unitName ?? ""}`)
      .sort();
    expect(liis).toEqual(["Koosolek/", "Supervisioon/Meeskond 2", expect.stringMatching(/^Supervisioon\/Tallinn/)]);
    expect((await appErrorOf(typesForPerson({ db: t.db, actor: w.jaan, ip: null }, { employeeId: w.liis.employeeId }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("a retired type stays on the entries made under it", async () => {
    const [team] = (await listWorkTypes({ db: t.db, actor: w.manager, ip: null })).types.filter((x) => x.name === "Meeskonna arutelu");
    await makeTimeEntry(t.db, { employeeId: w.jaan.employeeId, workTypeId: team!.id, workDate: "2026-11-03", hours: 1 });
    await saveWorkType({ db: t.db, actor: w.manager, ip: null }, { ...type("Meeskonna arutelu", w.units.team1, false), id: team!.id });
    expect(
      (await typesForPerson({ db: t.db, actor: w.jaan, ip: null }, { employeeId: w.jaan.employeeId })).map((x) => x.name),
    ).not.toContain("Meeskonna arutelu");
    expect(
      (await listTimeEntries({ db: t.db, actor: w.jaan, ip: null }, { employeeId: w.jaan.employeeId, month: "2026-11" })).map(
        (e) => e.typeName,
      ),
    ).toEqual(["Meeskonna arutelu"]);
  });
});
