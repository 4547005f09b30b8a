import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { services, specialties } from "@/db/schema";
import { translateDbError } from "@/server/errors";
import { deleteSpecialty } from "@/server/org/specialties";
import type { Actor } from "@/server/policy/actor";
import { ensureStandardSpecialties } from "@/server/seed/specialties";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor } from "@/server/testing/factories";
import { listServices, saveService, type ServiceInput } from "./services";

const t = await useTestDatabase();

let admin: Actor;
let psychologist: string;
beforeAll(async () => {
  admin = await makeActor(t.db, { permissions: { "catalogue:manage": "all", "employees:manage": "all" } });
  psychologist = (await ensureStandardSpecialties(t.db)).get("psychologist")!;
});

const base = (): ServiceInput => ({
  code: "2010",
  nameEt: "Psühholoogi individuaalne teenus",
  nameEn: "Psychologist, individual",
  specialtyId: psychologist,
  isGroup: false,
  maxGroupSize: null,
  billingUnit: "hour",
  vatStatus: "exempt",
  active: true,
});

describe("saveService", () => {
  it("creates a service and audits it", async () => {
    const { id } = await saveService({ db: t.db, actor: admin, ip: "10.2.2.2" }, { ...base(), code: " 2010 ", id: null });
    const [row] = await t.db.select().from(services).where(eq(services.id, id));
    expect(row).toMatchObject({ code: "2010", specialtyId: psychologist, billingUnit: "hour", isGroup: false, maxGroupSize: null });
    const [audit] = (await auditRows(t.db, "service.create")).filter((r) => r.targetId === id);
    expect(audit).toMatchObject({ actorEmployeeId: admin.employeeId, ip: "10.2.2.2" });
  });

  it("keeps a group size only for groups", async () => {
    const { id } = await saveService(
      { db: t.db, actor: admin, ip: null },
      { ...base(), code: "2012", isGroup: true, maxGroupSize: 8, id: null },
    );
    expect((await t.db.select().from(services).where(eq(services.id, id)))[0]).toMatchObject({ isGroup: true, maxGroupSize: 8 });
    await saveService({ db: t.db, actor: admin, ip: null }, { ...base(), code: "2012", isGroup: false, maxGroupSize: 8, id });
    expect((await t.db.select().from(services).where(eq(services.id, id)))[0]).toMatchObject({ isGroup: false, maxGroupSize: null });
    expect((await auditRows(t.db, "service.update")).map((r) => r.targetId)).toContain(id);
  });

  it.each([
    [{ code: "" }, "code", "catalogueErrors.serviceCodeFormat"],
    [{ code: "20 10" }, "code", "catalogueErrors.serviceCodeFormat"],
    [{ nameEt: " " }, "nameEt", "errors.required"],
    [{ nameEn: "" }, "nameEn", "errors.required"],
    [{ isGroup: true, maxGroupSize: 1 }, "maxGroupSize", "catalogueErrors.groupSizeRange"],
    [{ isGroup: true, maxGroupSize: 2.5 }, "maxGroupSize", "catalogueErrors.groupSizeRange"],
    [{ billingUnit: "week" as never }, "billingUnit", "catalogueErrors.billingUnitUnknown"],
    [{ vatStatus: "zero" as never }, "vatStatus", "catalogueErrors.vatStatusUnknown"],
    [{ specialtyId: "00000000-0000-4000-8000-000000000000" }, "specialtyId", "catalogueErrors.specialtyMissing"],
  ])("refuses %j naming the field %s", async (change, field, key) => {
    const err = await appErrorOf(saveService({ db: t.db, actor: admin, ip: null }, { ...base(), code: "X1", ...change, id: null }));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field, messageKey: key });
  });

  it("a taken code is worded for the code field", async () => {
    const raw = await saveService({ db: t.db, actor: admin, ip: null }, { ...base(), id: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(translateDbError(raw)).toMatchObject({ code: "CONFLICT", field: "code", messageKey: "catalogueErrors.serviceCodeTaken" });
  });

  it("a specialty used by a service cannot be deleted, and says why", async () => {
    const [s] = await t.db
      .insert(specialties)
      .values({ code: "music_therapist", nameEt: "Muusikaterapeut", nameEn: "Music therapist" })
      .returning();
    await saveService({ db: t.db, actor: admin, ip: null }, { ...base(), code: "M1", specialtyId: s!.id, id: null });
    const raw = await deleteSpecialty({ db: t.db, actor: admin, ip: null }, { id: s!.id }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(translateDbError(raw)).toMatchObject({ code: "CONFLICT", messageKey: "catalogueErrors.specialtyUsedByServices" });
  });

  it("is refused without catalogue:manage", async () => {
    const reader = await makeActor(t.db, { permissions: { "clients:read": "all" } });
    expect(await appErrorOf(saveService({ db: t.db, actor: reader, ip: null }, { ...base(), code: "Z9", id: null }))).toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("listServices", () => {
  beforeAll(async () => {
    await saveService(
      { db: t.db, actor: admin, ip: null },
      { ...base(), code: "3002", nameEt: "Sõidukulu", nameEn: "Travel", specialtyId: null, billingUnit: "km", active: false, id: null },
    );
  });

  it("lists by code with the stable shape", async () => {
    const all = await listServices(t.db);
    expect(all.map((s) => s.code)).toEqual([...all.map((s) => s.code)].sort());
    expect(Object.keys(all[0]!).sort()).toEqual(
      ["id", "code", "nameEt", "nameEn", "specialtyId", "isGroup", "maxGroupSize", "billingUnit", "vatStatus", "active", "bookable"].sort(),
    );
  });

  it("filters by activity and by text in code or either name", async () => {
    expect((await listServices(t.db, { activeOnly: true })).map((s) => s.code)).not.toContain("3002");
    expect((await listServices(t.db)).map((s) => s.code)).toContain("3002");
    expect((await listServices(t.db, { search: "travel" })).map((s) => s.code)).toEqual(["3002"]);
    expect((await listServices(t.db, { search: "sõidu" })).map((s) => s.code)).toEqual(["3002"]);
    expect((await listServices(t.db, { search: "300" })).map((s) => s.code)).toEqual(["3002"]);
    expect(await listServices(t.db, { search: "100%" })).toEqual([]);
  });
});

describe("a retired specialty", () => {
  it("stays on the services that have it but is given to no other (the form only offers specialties in use)", async () => {
    const [s] = await t.db
      .insert(specialties)
      .values({ code: "art_therapist", nameEt: "Kunstiterapeut", nameEn: "Art therapist" })
      .returning();
    const { id } = await saveService({ db: t.db, actor: admin, ip: null }, { id: null, ...base(), code: "K1", specialtyId: s!.id });
    await t.db.update(specialties).set({ active: false }).where(eq(specialties.id, s!.id));
    await expect(
      saveService({ db: t.db, actor: admin, ip: null }, { id: id, ...base(), code: "K1", nameEt: "Kunstiteraapia", specialtyId: s!.id }),
    ).resolves.toEqual({ id });
    expect(
      await appErrorOf(saveService({ db: t.db, actor: admin, ip: null }, { id: null, ...base(), code: "K2", specialtyId: s!.id })),
    ).toMatchObject({
      code: "INVALID_INPUT",
      field: "specialtyId",
      messageKey: "errors.specialtyRetired",
      params: { specialty: "Kunstiterapeut" },
    });
    expect(await t.db.select().from(services).where(eq(services.code, "K2"))).toEqual([]);
  });
});
