import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { fundingDecisions, fundingSources } from "@/db/schema";
import { translateDbError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { makeFundingSource } from "@/server/testing/catalogue-factories";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor, makeClient } from "@/server/testing/factories";
import { listFundingSources, saveFundingSource, type FundingSourceInput } from "./funding-sources";

const t = await useTestDatabase();

let admin: Actor;
beforeAll(async () => {
  admin = await makeActor(t.db, { permissions: { "catalogue:manage": "all" } });
});

const SKA: FundingSourceInput = {
  kind: "SRT",
  name: "SKA – sotsiaalne rehabilitatsioon",
  payerName: "Sotsiaalkindlustusamet",
  payerRegistryCode: "70001975",
  payerAddress: "  Tallinn ",
  payerEmail: " info@example.ee ",
  einvoiceRecipient: "70001975",
  invoicePerClient: false,
  active: true,
};

describe("saveFundingSource", () => {
  it("creates a source with trimmed values and audits it", async () => {
    const { id } = await saveFundingSource({ db: t.db, actor: admin, ip: "10.1.1.1" }, { ...SKA, id: null });
    const [row] = await t.db.select().from(fundingSources).where(eq(fundingSources.id, id));
    expect(row).toMatchObject({
      kind: "SRT",
      payerAddress: "Tallinn",
      payerEmail: "info@example.ee",
      payerRegistryCode: "70001975",
      active: true,
    });
    const [audit] = (await auditRows(t.db, "funding_source.create")).filter((r) => r.targetId === id);
    expect(audit).toMatchObject({ actorEmployeeId: admin.employeeId, ip: "10.1.1.1", targetType: "funding_source" });
    expect(audit!.details).toMatchObject({ name: SKA.name, payerRegistryCode: "70001975" });
  });

  it.each([
    [{ name: "  " }, "name", "errors.required"],
    [{ payerName: "" }, "payerName", "errors.required"],
    [{ payerRegistryCode: "70001976" }, "payerRegistryCode", "errors.registryCodeInvalid"],
    [{ payerRegistryCode: "7000197" }, "payerRegistryCode", "errors.registryCodeInvalid"],
    [{ payerRegistryCode: null }, "payerRegistryCode", "catalogueErrors.payerRegistryCodeRequired"],
    [{ kind: "TRT" as const, payerRegistryCode: " " }, "payerRegistryCode", "catalogueErrors.payerRegistryCodeRequired"],
    [{ payerEmail: "not-an-address" }, "payerEmail", "catalogueErrors.emailInvalid"],
    [{ kind: "XYZ" as never }, "kind", "catalogueErrors.kindUnknown"],
  ])("refuses %j naming the field %s", async (change, field, key) => {
    const err = await appErrorOf(
      saveFundingSource({ db: t.db, actor: admin, ip: null }, { ...SKA, name: `Refused ${field}`, ...change, id: null }),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field, messageKey: key });
  });

  it("lets a private payer go without a registry code", async () => {
    const { id } = await saveFundingSource(
      { db: t.db, actor: admin, ip: null },
      { ...SKA, kind: "PRIVATE", name: "Eraisik", payerName: "Klient", payerRegistryCode: "", id: null },
    );
    const [row] = await t.db.select().from(fundingSources).where(eq(fundingSources.id, id));
    expect(row!.payerRegistryCode).toBeNull();
  });

  it("a taken name is refused by the database and worded for the name field", async () => {
    const raw = await saveFundingSource({ db: t.db, actor: admin, ip: null }, { ...SKA, id: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(translateDbError(raw)).toMatchObject({ code: "CONFLICT", field: "name", messageKey: "catalogueErrors.fundingSourceNameTaken" });
  });

  it("updates and audits; deactivated sources list after the active ones", async () => {
    const a = await makeFundingSource(t.db, { name: "A-allikas" });
    await saveFundingSource({ db: t.db, actor: admin, ip: null }, { ...SKA, name: "A-allikas", active: false, id: a });
    expect((await auditRows(t.db, "funding_source.update")).map((r) => r.targetId)).toContain(a);
    const list = await listFundingSources(t.db);
    const firstInactive = list.findIndex((s) => !s.active);
    expect(firstInactive).toBeGreaterThan(0);
    expect(list.slice(firstInactive).every((s) => !s.active)).toBe(true);
    expect(Object.keys(list[0]!).sort()).toEqual(
      [
        "id",
        "kind",
        "name",
        "nameEn",
        "payerName",
        "payerRegistryCode",
        "payerAddress",
        "payerEmail",
        "einvoiceRecipient",
        "einvoiceFormat",
        "sendChannel",
        "invoicePerClient",
        "active",
      ].sort(),
    );
  });

  it("sends EN 16931 unless the funder agreed to the Estonian e-invoice 1.2, and keeps that choice", async () => {
    const { id } = await saveFundingSource({ db: t.db, actor: admin, ip: null }, { id: null, ...SKA, name: "Vald" });
    const format = async () => (await listFundingSources(t.db)).find((s) => s.id === id)!.einvoiceFormat;
    expect(await format()).toBe("en16931");
    await saveFundingSource({ db: t.db, actor: admin, ip: null }, { id: id, ...SKA, name: "Vald", einvoiceFormat: "einvoice_1_2" });
    expect(await format()).toBe("einvoice_1_2");
    const err = await appErrorOf(
      saveFundingSource({ db: t.db, actor: admin, ip: null }, { id: id, ...SKA, name: "Vald", einvoiceFormat: "pdf" as "en16931" }),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "einvoiceFormat" });
  });

  it("keeps how the funder's invoices are sent; e-mail needs the payer's address", async () => {
    const a = await makeFundingSource(t.db, { name: "E-posti rahastaja" });
    const err = await appErrorOf(
      saveFundingSource(
        { db: t.db, actor: admin, ip: null },
        { id: a, ...SKA, name: "E-posti rahastaja", payerEmail: null, sendChannel: "email" },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "payerEmail", messageKey: "catalogueErrors.sendEmailNeedsAddress" });
    await saveFundingSource(
      { db: t.db, actor: admin, ip: null },
      { id: a, ...SKA, name: "E-posti rahastaja", payerEmail: "arved@rahastaja.ee", sendChannel: "email" },
    );
    expect((await listFundingSources(t.db)).find((s) => s.id === a)).toMatchObject({
      sendChannel: "email",
      payerEmail: "arved@rahastaja.ee",
    });
  });

  it("refuses changing the kind once decisions use the source, naming how many", async () => {
    const source = await makeFundingSource(t.db, { kind: "SRT", name: "With decisions" });
    const clientId = await makeClient(t.db);
    await t.db.insert(fundingDecisions).values({
      clientId,
      fundingSourceId: source,
      fundingKind: "SRT",
      decisionNumber: "K000123",
      decisionDate: "2024-01-01",
      startDate: "2024-01-01",
      endDate: "2025-12-31",
    });
    const err = await appErrorOf(
      saveFundingSource({ db: t.db, actor: admin, ip: null }, { ...SKA, name: "With decisions", kind: "TRT", id: source }),
    );
    expect(err).toMatchObject({ code: "CONFLICT", field: "kind", messageKey: "catalogueErrors.kindInUse", params: { count: 1 } });
    // Everything else may still change.
    await saveFundingSource({ db: t.db, actor: admin, ip: null }, { ...SKA, name: "With decisions", payerAddress: "Endla 8", id: source });
  });

  it("is refused without catalogue:manage, and an unknown id is NOT_FOUND", async () => {
    const reader = await makeActor(t.db, { permissions: {} });
    expect(await appErrorOf(saveFundingSource({ db: t.db, actor: reader, ip: null }, { ...SKA, name: "Nope", id: null }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(
      await appErrorOf(saveFundingSource({ db: t.db, actor: admin, ip: null }, { ...SKA, name: "Nope", id: crypto.randomUUID() })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });
});
