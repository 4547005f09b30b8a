import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingSource, makePriceVersion, makeService } from "@/server/testing/funding-factories";
import { listDecisions } from "./decisions";

/**
 * Issue #14 item 5: the entry form offers a decision's own price list first. Each decision comes
 * with the services its funder's price list prices during the decision's period.
 */

const t = await useTestDatabase();

let caseManager: Actor;
let clientId: string;
const s: Record<string, string> = {};

beforeAll(async () => {
  const unit = await makeUnit(t.db);
  caseManager = await makeActor(t.db, { permissions: { "clients:read": "own", "clients:read_clinical": "own" }, unitIds: [unit] });
  clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId });
  const srt = await makeFundingSource(t.db, { kind: "SRT" });
  const trt = await makeFundingSource(t.db, { kind: "TRT" });
  for (const code of ["SRT-psych", "SRT-old", "SRT-later", "TRT-physio"]) s[code] = await makeService(t.db, { code });
  await makePriceVersion(t.db, {
    fundingSourceId: srt,
    validFrom: "2025-01-01",
    validTo: "2025-12-31",
    items: [{ serviceId: s["SRT-old"]!, unitPriceCents: 100 }],
  });
  await makePriceVersion(t.db, {
    fundingSourceId: srt,
    validFrom: "2026-01-01",
    validTo: "2027-05-31",
    items: [{ serviceId: s["SRT-psych"]!, unitPriceCents: 100 }],
  });
  await makePriceVersion(t.db, {
    fundingSourceId: srt,
    validFrom: "2027-06-01",
    items: [{ serviceId: s["SRT-later"]!, unitPriceCents: 100 }],
  });
  await makePriceVersion(t.db, {
    fundingSourceId: trt,
    validFrom: "2026-01-01",
    items: [{ serviceId: s["TRT-physio"]!, unitPriceCents: 100 }],
  });
  await makeDecision(t.db, { clientId, fundingSourceId: srt, startDate: "2026-03-01", endDate: "2027-02-28" });
});

describe("a decision's priced services", () => {
  it("are those of its funder's price list valid during the decision, not another funder's", async () => {
    const [decision] = await listDecisions({ db: t.db, actor: caseManager, ip: null }, { clientId });
    expect(decision!.pricedServiceIds).toEqual([s["SRT-psych"]]);
  });
});
