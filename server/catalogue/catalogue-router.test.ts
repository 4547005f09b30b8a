import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { listProcedures } from "@/server/api/trpc-internals";
import { AppError } from "@/server/errors";
import { ensureStandardRoles } from "@/server/org/roles";
import { loadActor, type Actor } from "@/server/policy/actor";
import { buildActor, everyPermissionExcept } from "@/server/testing/actors";
import { makeFundingSource, makeService } from "@/server/testing/catalogue-factories";
import { callProcedure } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { auditRows, makeEmployee } from "@/server/testing/factories";

/**
 * The catalogue procedures through createCaller, as the browser reaches them: every change for
 * catalogue:manage only (administrator and accountant), refused with a valid input too, and
 * what the standard roles can do.
 */

const t = await useTestDatabase();

const call = (actor: Actor | null, path: string, input?: unknown) => callProcedure(t.db, actor, path, input, "192.0.2.1");
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e as TRPCError,
  );

let source: string;
let service: string;
let versionId: string;
let accountant: Actor;
let manager: Actor;
const inputs: Record<string, () => unknown> = {};

beforeAll(async () => {
  source = await makeFundingSource(t.db);
  service = await makeService(t.db, { code: "2010" });
  const roles = await ensureStandardRoles(t.db);
  accountant = (await loadActor(t.db, await makeEmployee(t.db, { roleIds: [roles.get("accountant")!] })))!;
  manager = (await loadActor(t.db, await makeEmployee(t.db, { roleIds: [roles.get("manager")!] })))!;
  const created = (await call(accountant, "catalogue.priceLists.create", {
    fundingSourceId: source,
    validFrom: "2023-01-01",
    validTo: null,
    note: "",
    items: [{ serviceId: service, unitPrice: "29,40", vatStatus: "exempt", vatRateKind: null }],
  })) as { id: string };
  versionId = created.id;
  const sourceInput = {
    kind: "SRT",
    name: "X",
    payerName: "Y",
    payerRegistryCode: "70001975",
    payerAddress: "",
    payerEmail: null,
    einvoiceRecipient: null,
    active: true,
  };
  const serviceInput = {
    code: "X1",
    nameEt: "X",
    nameEn: "X",
    specialtyId: null,
    isGroup: false,
    maxGroupSize: null,
    billingUnit: "hour",
    vatStatus: "exempt",
    active: true,
  };
  Object.assign(inputs, {
    "catalogue.fundingSources.list": () => undefined,
    "catalogue.fundingSources.save": () => ({ id: null, ...sourceInput }),
    "catalogue.services.list": () => undefined,
    "catalogue.services.save": () => ({ id: null, ...serviceInput }),
    "catalogue.priceLists.versions": () => ({ fundingSourceId: source }),
    "catalogue.priceLists.version": () => ({ id: versionId }),
    "catalogue.priceLists.create": () => ({ fundingSourceId: source, validFrom: "2030-01-01", validTo: null, note: "", items: [] }),
    "catalogue.priceLists.update": () => ({ id: versionId, validFrom: "2023-01-01", validTo: null, note: "", items: [] }),
    "catalogue.priceLists.copy": () => ({
      sourceVersionId: versionId,
      validFrom: "2031-01-01",
      validTo: null,
      note: "",
      closeSource: true,
    }),
    "catalogue.priceLists.close": () => ({ id: versionId, validTo: "2029-12-31" }),
    "catalogue.priceLists.delete": () => ({ id: versionId }),
    "catalogue.prices.lookup": () => ({ fundingSourceId: source, serviceId: service, date: "2023-03-26" }),
  });
});

// The rules themselves are pinned, with every other procedure's, in server/api/access.test.ts.
const manageOnly = listProcedures(appRouter)
  .filter(
    ({ path, access }) =>
      path.startsWith("catalogue.") && typeof access === "object" && access.resource === "catalogue" && access.action === "manage",
  )
  .map((p) => p.path);

describe("catalogue procedures", () => {
  it("are the catalogue's changes", () => {
    expect(manageOnly.length).toBeGreaterThanOrEqual(7);
    expect(
      Object.keys(inputs)
        .filter((p) => manageOnly.includes(p))
        .sort(),
    ).toEqual(manageOnly);
  });

  it.each(manageOnly)(
    "%s, with a valid input, is FORBIDDEN and audited for a person with every permission but catalogue:manage",
    async (path) => {
      const actor = buildActor({ permissions: everyPermissionExcept("catalogue:manage") });
      expect((await failure(call(actor, path, inputs[path]!()))).code).toBe("FORBIDDEN");
      const refused = (await auditRows(t.db, "access.refused")).filter((r) => r.actorEmployeeId === actor.employeeId);
      expect(refused.map((r) => (r.details as { procedure: string }).procedure)).toEqual([path]);
    },
  );

  it("a unit manager (no catalogue:manage in the standard roles) reads but cannot change", async () => {
    expect(await call(manager, "catalogue.fundingSources.list")).toEqual(expect.arrayContaining([expect.objectContaining({ id: source })]));
    expect((await failure(call(manager, "catalogue.services.save", inputs["catalogue.services.save"]!()))).code).toBe("FORBIDDEN");
  });
});

describe("through the caller, as the browser sees it", () => {
  it("prices.lookup gives the price valid on the day", async () => {
    expect(await call(buildActor({ permissions: {} }), "catalogue.prices.lookup", inputs["catalogue.prices.lookup"]!())).toEqual({
      versionId,
      unitPriceCents: 2940,
      vatStatus: "exempt",
      vatRateKind: null,
      vatRate: null,
    });
  });

  it("an overlapping version is a CONFLICT carrying the message key and the clash's dates", async () => {
    const err = await failure(
      call(accountant, "catalogue.priceLists.create", {
        fundingSourceId: source,
        validFrom: "2024-01-01",
        validTo: null,
        note: "",
        items: [],
      }),
    );
    expect(err.code).toBe("CONFLICT");
    expect(err.cause).toBeInstanceOf(AppError);
    expect(err.cause).toMatchObject({
      messageKey: "catalogueErrors.priceVersionOverlapOpen",
      field: "validFrom",
      params: { from: "2023-01-01" },
    });
  });

  it("a duplicate service code becomes a CONFLICT on the code field, not a 500", async () => {
    const err = await failure(
      call(accountant, "catalogue.services.save", { ...(inputs["catalogue.services.save"]!() as object), code: "2010" }),
    );
    expect(err.code).toBe("CONFLICT");
    expect(err.cause).toMatchObject({ messageKey: "catalogueErrors.serviceCodeTaken", field: "code" });
  });

  it("an accountant can change the catalogue", async () => {
    const saved = (await call(accountant, "catalogue.services.save", inputs["catalogue.services.save"]!())) as { id: string };
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    const list = (await call(accountant, "catalogue.services.list", { search: "X1" })) as { id: string }[];
    expect(list.map((s) => s.id)).toEqual([saved.id]);
  });
});
