import { createTranslator } from "next-intl";
import { beforeAll, describe, expect, it } from "vitest";
import { MESSAGES } from "@/i18n/messages";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingSource, makePriceVersion, makeService, type DecisionSpec } from "@/server/testing/funding-factories";
import { saveCasePlan } from "./case-plans";
import { createEntry } from "./entries";

/**
 * Issue #14 item 8: a limit's refusal names the limit and says the unit, once, beside the
 * amount it is about (field "units"), in Estonian and in English, for every kind of limit.
 */

const t = await useTestDatabase();

let unit: string;
let caseManager: Actor;
let sourceId: string;
let serviceId: string;

const say = (locale: "et" | "en", err: AppError) =>
  // Intl puts a no-break space before the euro sign: compared as a plain one.
  createTranslator({ locale, messages: MESSAGES[locale] })(err.messageKey as never, err.params as never).replace(/\u00a0/g, " ");

beforeAll(async () => {
  unit = await makeUnit(t.db);
  caseManager = await makeActor(t.db, {
    permissions: { "clients:read": "own", "clients:read_clinical": "own", "clients:update": "own" },
    unitIds: [unit],
  });
  sourceId = await makeFundingSource(t.db, { kind: "TRT" });
  serviceId = await makeService(t.db, { code: "2010", billingUnit: "academic_hour" });
  await makePriceVersion(t.db, { fundingSourceId: sourceId, validFrom: "2026-01-01", items: [{ serviceId, unitPriceCents: 2500 }] });
});

async function refusal(decision: Omit<DecisionSpec, "clientId" | "fundingSourceId" | "startDate" | "endDate">, units: number) {
  const clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId });
  const decisionId = await makeDecision(t.db, {
    clientId,
    fundingSourceId: sourceId,
    startDate: "2026-01-01",
    endDate: "2026-12-31",
    ...decision,
  });
  const entry = (u: number) =>
    createEntry(
      { db: t.db, actor: caseManager, ip: null },
      { clientId, decisionId, serviceId, serviceDate: "2026-11-10", units: u, specialistId: caseManager.employeeId, description: "" },
    );
  await entry(1);
  return appErrorOf(entry(units));
}

describe("limit refusals", () => {
  it("the action plan's volume: the service, what remains and what is asked, in its unit", async () => {
    const err = await refusal({ serviceLimits: [{ serviceId, maxUnits: 6 }] }, 6);
    expect(err).toMatchObject({ code: "LIMIT_EXCEEDED", field: "units" });
    expect(say("et", err)).toBe("Tegevuskava maht teenusele 2010: jääk 5 ak h, soovid lisada 6 ak h.");
    expect(say("en", err)).toBe("Action plan volume for service 2010: 5 acad. h left, you want to add 6 acad. h.");
  });

  it("a service outside the action plan names the service, beside the service field", async () => {
    const other = await makeService(t.db, { code: "2020" });
    const err = await refusal({ serviceLimits: [{ serviceId: other, maxUnits: 6 }] }, 1).catch((e: unknown) => e);
    // The first entry itself is refused: the service is not in the plan.
    expect(err).toMatchObject({ code: "LIMIT_EXCEEDED", field: "serviceId" });
    expect(say("et", err as AppError)).toBe("Teenust 2010 ei ole rahastaja kinnitatud tegevuskavas.");
  });

  it("the monthly cap: its name and the euros, beside the units", async () => {
    const err = await refusal({ monthlyCapCents: 10_000 }, 4);
    expect(err).toMatchObject({ field: "units" });
    expect(say("et", err)).toBe("Kuu piirmäär (pearaha, 100,00 €): jääk 75,00 €, soovid lisada 100,00 €.");
    expect(say("en", err)).toBe("Monthly cap (capitation, €100.00): €75.00 left, you want to add €100.00.");
  });

  it("the decision period's money cap and the calendar-year cap", async () => {
    const period = await refusal({ periodCapCents: 5_000 }, 2);
    expect(say("et", period)).toBe("Otsuse perioodi rahaline limiit (50,00 €): jääk 25,00 €, soovid lisada 50,00 €.");
    const year = await refusal({ yearlyCapCents: 5_000 }, 2);
    expect(say("en", year)).toBe("Calendar-year money cap (€50.00): €25.00 left, you want to add €50.00.");
  });

  it("the case plan's soft limit warns with the service and the unit", async () => {
    const clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId });
    const decisionId = await makeDecision(t.db, { clientId, fundingSourceId: sourceId, startDate: "2026-01-01", endDate: "2026-12-31" });
    const ctx = { db: t.db, actor: caseManager, ip: null };
    await saveCasePlan(ctx, { decisionId, goals: "Toimetulek", items: [{ serviceId, plannedUnits: 2 }] });
    const entry = {
      clientId,
      decisionId,
      serviceId,
      serviceDate: "2026-11-10",
      units: 3,
      specialistId: caseManager.employeeId,
      description: "",
    };
    const { warnings } = await createEntry(ctx, entry);
    expect(warnings).toEqual([
      { serviceCode: "2010", serviceName: expect.any(String), billingUnit: "academic_hour", plannedUnits: 2, usedUnits: 3 },
    ]);
    const tr = createTranslator({ locale: "et", messages: MESSAGES.et });
    const w = warnings[0]!;
    expect(
      tr(
        "clients.dataset.overPlan" as never,
        {
          service: w.serviceCode,
          planned: w.plannedUnits,
          used: w.usedUnits,
          unit: tr(`clients.limits.units.${w.billingUnit}` as never),
        } as never,
      ),
    ).toBe("Juhtumiplaani maht teenusele 2010: planeeritud 2 ak h, koos selle sissekandega tehtud 3 ak h.");
  });
});
