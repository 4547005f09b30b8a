import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { priceListItems, priceListVersions } from "@/db/schema";
import { AppError, translateDbError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { makeFundingSource, makePriceVersion, makeService, makeServiceEntry } from "@/server/testing/catalogue-factories";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor } from "@/server/testing/factories";
import {
  closePriceVersion,
  copyPriceVersion,
  createPriceVersion,
  deletePriceVersion,
  getPriceVersion,
  listPriceVersions,
  updatePriceVersion,
} from "./price-lists";
import { priceOn } from "./prices";

const t = await useTestDatabase({ max: 12 });

let accountant: Actor;
let psychologist: string;
let physio: string;

beforeAll(async () => {
  accountant = await makeActor(t.db, { permissions: { "catalogue:manage": "all" } });
  psychologist = await makeService(t.db, { code: "2010" });
  physio = await makeService(t.db, { code: "2001" });
});

const item = (
  serviceId: string,
  unitPrice: string,
  vat: { vatStatus?: "exempt" | "taxable" | "not_taxable"; vatRateKind?: "standard" | "reduced" | "accommodation" | null } = {},
) => ({ serviceId, unitPrice, vatStatus: vat.vatStatus ?? "exempt", vatRateKind: vat.vatRateKind ?? null });

const create = (fundingSourceId: string, validFrom: string, validTo: string | null, items = [item(psychologist, "29,40")], note = "") =>
  createPriceVersion({ db: t.db, actor: accountant, ip: "10.0.0.1" }, { fundingSourceId, validFrom, validTo, note, items });

const itemsOf = (versionId: string) => t.db.select().from(priceListItems).where(eq(priceListItems.versionId, versionId));

describe("creating versions", () => {
  it("stores euros typed with a comma or a point as exact cents, with the item's VAT, and audits", async () => {
    const source = await makeFundingSource(t.db, { kind: "TRT" });
    const { id } = await create(
      source,
      "2024-01-01",
      null,
      [item(psychologist, "44,10"), item(physio, "44.04", { vatStatus: "taxable" })],
      "Oma hinnakiri",
    );
    const items = await itemsOf(id);
    expect(items.map((i) => [i.serviceId, i.unitPriceCents, i.vatStatus, i.vatRateKind]).sort()).toEqual(
      [
        [psychologist, 4410, "exempt", null],
        [physio, 4404, "taxable", "standard"],
      ].sort(),
    );
    const [audit] = (await auditRows(t.db, "price_version.create")).filter((r) => r.targetId === id);
    expect(audit).toMatchObject({ actorEmployeeId: accountant.employeeId, ip: "10.0.0.1", targetType: "price_list_version" });
    expect(audit!.details).toMatchObject({ fundingSourceId: source, validFrom: "2024-01-01", validTo: null, note: "Oma hinnakiri" });
  });

  it("names the field of each invalid input and saves nothing", async () => {
    const source = await makeFundingSource(t.db);
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => create(source, "2024-02-30", null), "validFrom", "catalogueErrors.dateInvalid"],
      [() => create(source, "2024-02-01", "2024-01-31"), "validTo", "catalogueErrors.periodEndsBeforeStart"],
      [
        () => create(source, "2024-01-01", null, [item(psychologist, "29,4x")]),
        `items.${psychologist}.unitPrice`,
        "catalogueErrors.priceInvalid",
      ],
      [
        () => create(source, "2024-01-01", null, [item(psychologist, "-1")]),
        `items.${psychologist}.unitPrice`,
        "catalogueErrors.priceInvalid",
      ],
      [
        () => create(source, "2024-01-01", null, [item(psychologist, "29,401")]),
        `items.${psychologist}.unitPrice`,
        "catalogueErrors.priceInvalid",
      ],
      [
        () => create(source, "2024-01-01", null, [item(psychologist, "1"), item(psychologist, "2")]),
        `items.${psychologist}.serviceId`,
        "catalogueErrors.serviceTwice",
      ],
      [
        () => create(source, "2024-01-01", null, [item(physio, "1", { vatStatus: "taxable", vatRateKind: "zero" as "standard" })]),
        `items.${physio}.vatRateKind`,
        "vatErrors.kindUnknown",
      ],
      [() => create(source, "2024-01-01", null, [item(crypto.randomUUID(), "1")]), "", "catalogueErrors.serviceMissing"],
      [() => create(crypto.randomUUID(), "2024-01-01", null), "fundingSourceId", "catalogueErrors.fundingSourceMissing"],
    ];
    for (const [attempt, field, key] of cases) {
      const err = await appErrorOf(attempt());
      expect(err.code).toBe("INVALID_INPUT");
      expect(err.messageKey).toBe(key);
      if (field) expect(err.field).toBe(field);
      else expect(err.field).toMatch(/^items\..+\.serviceId$/);
    }
    expect(await listPriceVersions(t.db, source)).toEqual([]);
  });

  it("keeps a taxable item's rate kind other than standard and drops a kind on exempt items", async () => {
    const source = await makeFundingSource(t.db);
    const { id } = await create(source, "2024-01-01", null, [
      item(physio, "10", { vatStatus: "taxable", vatRateKind: "reduced" }),
      item(psychologist, "10", { vatRateKind: "standard" }),
    ]);
    const version = await getPriceVersion(t.db, id);
    expect(version.items.find((i) => i.serviceId === physio)).toMatchObject({ vatStatus: "taxable", vatRateKind: "reduced" });
    expect(version.items.find((i) => i.serviceId === psychologist)).toMatchObject({ vatStatus: "exempt", vatRateKind: null });
  });
});

describe("versions of one source never overlap", () => {
  let source: string;
  beforeAll(async () => {
    source = await makeFundingSource(t.db);
    await create(source, "2018-01-01", "2018-07-31");
    await create(source, "2018-08-01", "2018-12-31");
    await create(source, "2023-01-01", null);
  });

  it.each([
    ["2018-07-01", "2018-08-15", "validFrom", "2018-01-01", "2018-07-31"],
    ["2017-06-01", "2018-01-01", "validTo", "2018-01-01", "2018-07-31"],
    ["2018-12-31", "2019-12-31", "validFrom", "2018-08-01", "2018-12-31"],
    ["2017-01-01", null, "validTo", "2018-01-01", "2018-07-31"],
  ])("refuses %s..%s naming the clashing version's dates", async (from, to, field, clashFrom, clashTo) => {
    const err = await appErrorOf(create(source, from, to));
    expect(err).toMatchObject({
      code: "CONFLICT",
      messageKey: "catalogueErrors.priceVersionOverlap",
      field,
      params: { from: clashFrom, to: clashTo },
    });
  });

  it("names an open-ended clash as open-ended", async () => {
    const err = await appErrorOf(create(source, "2024-01-01", "2024-12-31"));
    expect(err).toMatchObject({
      code: "CONFLICT",
      messageKey: "catalogueErrors.priceVersionOverlapOpen",
      field: "validFrom",
      params: { from: "2023-01-01" },
    });
  });

  it("accepts the gap exactly: a version from the day after one ends to the day before the next starts", async () => {
    await create(source, "2019-01-01", "2022-12-31");
    expect((await listPriceVersions(t.db, source)).map((v) => [v.validFrom, v.validTo])).toEqual([
      ["2023-01-01", null],
      ["2019-01-01", "2022-12-31"],
      ["2018-08-01", "2018-12-31"],
      ["2018-01-01", "2018-07-31"],
    ]);
  });

  it("refuses moving a version's dates onto another one", async () => {
    const [v2018] = (await listPriceVersions(t.db, source)).filter((v) => v.validFrom === "2018-08-01");
    const err = await appErrorOf(
      updatePriceVersion(
        { db: t.db, actor: accountant, ip: null },
        { validFrom: "2018-07-15", validTo: "2018-12-31", note: "", items: [item(psychologist, "29,40")], id: v2018!.id },
      ),
    );
    expect(err).toMatchObject({ messageKey: "catalogueErrors.priceVersionOverlap", params: { from: "2018-01-01", to: "2018-07-31" } });
  });

  it("the database refuses an overlap written directly in SQL", async () => {
    const err = await pgErrorFrom(
      t.sql`INSERT INTO price_list_versions (funding_source_id, valid_from, valid_to) VALUES (${source}, '2018-05-01', '2018-05-31')`,
    );
    expect(err).toEqual({ code: "23P01", constraint: "price_list_versions_no_overlap" });
  });

  it("and of two concurrent overlapping inserts exactly one wins", async () => {
    const other = await makeFundingSource(t.db);
    // The second starts once the first holds its row uncommitted, and must wait for it. (Two
    // inserts arriving in the very same instant may also end in 40P01, which the domain's lock
    // avoids; this test is about the constraint deciding between overlapping rows.)
    let firstHolds!: () => void;
    const held = new Promise<void>((resolve) => (firstHolds = resolve));
    const insert = (from: string, to: string, onInserted?: () => void) =>
      t.sql.begin(async (sql) => {
        await sql`INSERT INTO price_list_versions (funding_source_id, valid_from, valid_to) VALUES (${other}, ${from}, ${to})`;
        onInserted?.();
        await sql`SELECT pg_sleep(0.2)`;
      });
    const results = await Promise.allSettled([
      insert("2020-01-01", "2020-12-31", firstHolds),
      held.then(() => insert("2020-06-01", "2021-05-31")),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    const translated = translateDbError(refused.reason);
    expect(translated).toBeInstanceOf(AppError);
    expect(translated).toMatchObject({ code: "CONFLICT", messageKey: "catalogueErrors.priceVersionOverlapDb", field: "validFrom" });
    expect(await t.db.select().from(priceListVersions).where(eq(priceListVersions.fundingSourceId, other))).toHaveLength(1);
  });

  it("two people creating overlapping versions at once: one is saved, the other told which one clashes", async () => {
    const other = await makeFundingSource(t.db);
    const results = await Promise.allSettled([
      create(other, "2021-01-01", null),
      create(other, "2021-06-01", null),
      create(other, "2020-01-01", "2021-12-31"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(AppError);
      expect((r.reason as AppError).messageKey).toMatch(/^catalogueErrors\.priceVersionOverlap(Open)?$/);
    }
  });
});

describe("a version that priced service entries is history", () => {
  let source: string;
  let used: string;
  beforeAll(async () => {
    source = await makeFundingSource(t.db);
    used = (await create(source, "2023-01-01", null, [item(psychologist, "29,40"), item(physio, "29,36")], "2023")).id;
    await makeServiceEntry(t.db, { fundingSourceId: source, kind: "SRT", serviceId: psychologist, serviceDate: "2023-03-01" });
    await makeServiceEntry(t.db, {
      fundingSourceId: source,
      kind: "SRT",
      serviceId: psychologist,
      serviceDate: "2023-06-30",
      units: "1.5",
    });
  });

  const update = (changes: Partial<{ validFrom: string; validTo: string | null; note: string; items: ReturnType<typeof item>[] }>) =>
    updatePriceVersion(
      { db: t.db, actor: accountant, ip: null },
      {
        validFrom: "2023-01-01",
        validTo: null,
        note: "2023",
        items: [item(psychologist, "29,40"), item(physio, "29,36")],
        ...changes,
        id: used,
      },
    );

  it("the entries were priced from it", async () => {
    expect((await getPriceVersion(t.db, used)).entryCount).toBe(2);
  });

  // Thunks: the service ids exist only once beforeAll has run.
  it.each([
    ["a price", () => ({ items: [item(psychologist, "30,00"), item(physio, "29,36")] })],
    ["an item removed", () => ({ items: [item(psychologist, "29,40")] })],
    ["an item's VAT", () => ({ items: [item(psychologist, "29,40", { vatStatus: "taxable" }), item(physio, "29,36")] })],
    ["the start", () => ({ validFrom: "2022-12-01" })],
    ["the end", () => ({ validTo: "2023-12-31" })],
  ])("refuses changing %s, naming how many entries", async (_what, changes) => {
    const err = await appErrorOf(update(changes()));
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "catalogueErrors.versionInUse", params: { count: 2 } });
    const version = await getPriceVersion(t.db, used);
    expect([version.validFrom, version.validTo]).toEqual(["2023-01-01", null]);
    expect(version.items.find((i) => i.serviceId === psychologist)?.unitPriceCents).toBe(2940);
  });

  it("lets the note change, and the same items typed differently are no change", async () => {
    await update({ note: "Riiklik hinnakiri 2023", items: [item(physio, "29.36"), item(psychologist, "29,4")] });
    expect((await getPriceVersion(t.db, used)).note).toBe("Riiklik hinnakiri 2023");
    const [audit] = (await auditRows(t.db, "price_version.update")).filter((r) => r.targetId === used);
    expect(audit!.details).toMatchObject({ note: "Riiklik hinnakiri 2023", before: { note: "2023" } });
  });

  it("refuses deleting it", async () => {
    const err = await appErrorOf(deletePriceVersion({ db: t.db, actor: accountant, ip: null }, { id: used }));
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "catalogueErrors.versionInUseDelete", params: { count: 2 } });
  });

  it("refuses closing it before the last entry priced from it", async () => {
    const err = await appErrorOf(closePriceVersion({ db: t.db, actor: accountant, ip: null }, { id: used, validTo: "2023-05-31" }));
    expect(err).toMatchObject({
      code: "CONFLICT",
      field: "validTo",
      messageKey: "catalogueErrors.entriesAfterClose",
      params: { count: 1, last: "2023-06-30" },
    });
    const early = await appErrorOf(closePriceVersion({ db: t.db, actor: accountant, ip: null }, { id: used, validTo: "2022-12-31" }));
    expect(early).toMatchObject({ field: "validTo", messageKey: "catalogueErrors.closeBeforeStart" });
  });

  it("is closed and continued by a copy from the next regulation date, in one step", async () => {
    const { id: next } = await copyPriceVersion(
      { db: t.db, actor: accountant, ip: null },
      { sourceVersionId: used, validFrom: "2024-01-01", validTo: null, note: "2024", closeSource: true },
    );
    expect((await getPriceVersion(t.db, used)).validTo).toBe("2023-12-31");
    const copied = await getPriceVersion(t.db, next);
    expect(copied.items.map((i) => [i.serviceId, i.unitPriceCents]).sort()).toEqual(
      [
        [psychologist, 2940],
        [physio, 2936],
      ].sort(),
    );
    // The copy is free to change: nothing is priced from it yet.
    await updatePriceVersion(
      { db: t.db, actor: accountant, ip: null },
      { validFrom: "2024-01-01", validTo: null, note: "2024", items: [item(psychologist, "31,20"), item(physio, "29,36")], id: next },
    );
    expect((await priceOn(t.db, { fundingSourceId: source, serviceId: psychologist, date: "2023-12-31" }))?.unitPriceCents).toBe(2940);
    expect((await priceOn(t.db, { fundingSourceId: source, serviceId: psychologist, date: "2024-01-01" }))?.unitPriceCents).toBe(3120);
    const closes = (await auditRows(t.db, "price_version.close")).filter((r) => r.targetId === used);
    expect(closes[0]!.details).toMatchObject({ validToBefore: null, validTo: "2023-12-31" });
    const [created] = (await auditRows(t.db, "price_version.create")).filter((r) => r.targetId === next);
    expect(created!.details).toMatchObject({ copiedFrom: used });
  });

  it("a copy without closing the source is refused naming it", async () => {
    const err = await appErrorOf(
      copyPriceVersion(
        { db: t.db, actor: accountant, ip: null },
        { sourceVersionId: used, validFrom: "2023-06-01", validTo: "2023-06-30", note: "", closeSource: false },
      ),
    );
    expect(err).toMatchObject({ messageKey: "catalogueErrors.priceVersionOverlap", params: { from: "2023-01-01", to: "2023-12-31" } });
  });
});

describe("closing and deleting unused versions", () => {
  it("closes an open version and audits before and after", async () => {
    const source = await makeFundingSource(t.db);
    const { id } = await create(source, "2023-01-01", null);
    await closePriceVersion({ db: t.db, actor: accountant, ip: "10.0.0.2" }, { id, validTo: "2023-06-30" });
    expect((await getPriceVersion(t.db, id)).validTo).toBe("2023-06-30");
    const [audit] = (await auditRows(t.db, "price_version.close")).filter((r) => r.targetId === id);
    expect(audit).toMatchObject({ ip: "10.0.0.2", details: { validFrom: "2023-01-01", validToBefore: null, validTo: "2023-06-30" } });
  });

  it("deletes an unused version with its items, audited", async () => {
    const source = await makeFundingSource(t.db);
    const id = await makePriceVersion(t.db, {
      fundingSourceId: source,
      validFrom: "2020-01-01",
      items: [{ serviceId: psychologist, cents: 100 }],
    });
    await deletePriceVersion({ db: t.db, actor: accountant, ip: null }, { id });
    expect(await listPriceVersions(t.db, source)).toEqual([]);
    expect(await itemsOf(id)).toEqual([]);
    expect((await auditRows(t.db, "price_version.delete")).filter((r) => r.targetId === id)).toHaveLength(1);
    expect(await appErrorOf(deletePriceVersion({ db: t.db, actor: accountant, ip: null }, { id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("changes nothing for a person without catalogue:manage", async () => {
    const source = await makeFundingSource(t.db);
    const { id } = await create(source, "2023-01-01", null);
    const reader = await makeActor(t.db, { permissions: { "clients:read": "all" } });
    for (const attempt of [
      () =>
        createPriceVersion(
          { db: t.db, actor: reader, ip: null },
          { fundingSourceId: source, validFrom: "2030-01-01", validTo: null, note: "", items: [] },
        ),
      () => updatePriceVersion({ db: t.db, actor: reader, ip: null }, { validFrom: "2023-01-01", validTo: null, note: "x", items: [], id }),
      () => closePriceVersion({ db: t.db, actor: reader, ip: null }, { id, validTo: "2023-12-31" }),
      () =>
        copyPriceVersion(
          { db: t.db, actor: reader, ip: null },
          { sourceVersionId: id, validFrom: "2031-01-01", validTo: null, note: "", closeSource: false },
        ),
      () => deletePriceVersion({ db: t.db, actor: reader, ip: null }, { id }),
    ]) {
      expect(await appErrorOf(attempt())).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await listPriceVersions(t.db, source)).toHaveLength(1);
  });
});
