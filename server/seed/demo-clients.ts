import { inArray } from "drizzle-orm";
import {
  casePlanItems,
  casePlans,
  clientNetworkContacts,
  clients,
  clientTeamMembers,
  clientUnits,
  decisionServiceLimits,
  fundingDecisions,
  serviceEntries,
  services,
} from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import type { StandardCatalogue } from "./catalogue";

type DemoContext = { people: Map<string, string>; units: Map<string, string>; catalogue: StandardCatalogue };

/**
 * Three demo clients with SRT, TRT and EHT funding, case plans and some dataset entries in the
 * autumn of 2026, so the limits, plans and dataset have something to show. Entries go through
 * the database trigger like any other, so they are priced from the price list of their day.
 */
export async function seedDemoClients(db: DbOrTx, ctx: DemoContext): Promise<void> {
  const serviceRows = await db
    .select({ id: services.id, code: services.code })
    .from(services)
    .where(inArray(services.code, ["2010", "2004", "2001", "T2010", "T2004", "IET"]));
  const service = (code: string) => serviceRows.find((s) => s.code === code)!.id;
  const person = (code: string) => ctx.people.get(code)!;
  const liis = person("60001019906");
  const jaan = person("37605030299");
  const maarja = person("48706150373");

  const client = async (values: typeof clients.$inferInsert, unit: string, team: string[]) => {
    const [row] = await db.insert(clients).values(values).returning({ id: clients.id });
    await db.insert(clientUnits).values({ clientId: row!.id, unitId: ctx.units.get(unit)! });
    if (team.length) await db.insert(clientTeamMembers).values(team.map((employeeId) => ({ clientId: row!.id, employeeId })));
    return row!.id;
  };
  const decision = async (values: typeof fundingDecisions.$inferInsert, limits: [string, number][] = []) => {
    const [row] = await db.insert(fundingDecisions).values(values).returning({ id: fundingDecisions.id });
    if (limits.length)
      await db
        .insert(decisionServiceLimits)
        .values(limits.map(([code, max]) => ({ decisionId: row!.id, serviceId: service(code), maxUnits: String(max) })));
    return row!.id;
  };
  const plan = async (decisionId: string, goals: string, items: [string, number][]) => {
    const [row] = await db.insert(casePlans).values({ decisionId, goals, updatedBy: liis }).returning({ id: casePlans.id });
    await db
      .insert(casePlanItems)
      .values(items.map(([code, units]) => ({ casePlanId: row!.id, serviceId: service(code), plannedUnits: String(units) })));
  };
  const entries = async (clientId: string, decisionId: string, rows: [string, string, number, string, string][]) => {
    for (const [date, code, units, specialistId, description] of rows) {
      await db.insert(serviceEntries).values({
        clientId,
        decisionId,
        serviceId: service(code),
        serviceDate: date,
        units: String(units),
        specialistId,
        description,
        createdBy: specialistId,
      });
    }
  };

  const tiit = await client(
    {
      firstName: "Tiit",
      lastName: "Toomingas",
      personalCode: "38507120228",
      phone: "+372 5550 1234",
      address: "Mustamäe tee 5-12, Tallinn",
      county: "harju",
      notes: "Ärevushäire; eelistab hommikusi aegu ja rahulikku ruumi.",
      caseManagerId: liis,
      createdBy: liis,
    },
    "Tallinna meeskond 1",
    [jaan],
  );
  await db.insert(clientNetworkContacts).values([
    {
      clientId: tiit,
      kind: "relative",
      name: "Malle Toomingas",
      organisation: "",
      phone: "+372 5550 9876",
      consents: ["share_information", "contact_in_emergency"],
    },
    {
      clientId: tiit,
      kind: "municipal_social_worker",
      name: "Kersti Lill",
      organisation: "Tallinna Mustamäe Linnaosa Valitsus",
      email: "kersti.lill@example.ee",
      consents: ["share_information", "attend_meetings"],
    },
  ]);
  const srt = await decision({
    clientId: tiit,
    fundingSourceId: ctx.catalogue.fundingSources.SRT,
    fundingKind: "SRT",
    decisionNumber: "K000123",
    decisionDate: "2026-01-20",
    startDate: "2026-02-01",
    endDate: "2027-07-31",
    targetGroup: "täisealine",
    yearlyCapCents: 123700,
    createdBy: liis,
  });
  await plan(srt, "Iseseisva toimetuleku parandamine ja tööle naasmise ettevalmistus.", [
    ["2010", 12],
    ["2004", 10],
  ]);
  await entries(tiit, srt, [
    ["2026-10-06", "2010", 1, jaan, "Esmane hindamine, eesmärkide sõnastamine."],
    ["2026-10-13", "2010", 1.5, jaan, "Ärevuse juhtimise tehnikad."],
    ["2026-11-03", "2004", 1, liis, "Toimetuleku hindamine kodus."],
    ["2026-11-10", "2010", 1, jaan, "Edusammude ülevaade."],
  ]);

  const olga = await client(
    {
      firstName: "Olga",
      lastName: "Ivanova",
      birthDate: "1990-04-15",
      preferredLanguage: "ru",
      phone: "+372 5333 4444",
      address: "Lasnamäe 20-4, Tallinn",
      county: "harju",
      caseManagerId: liis,
      createdBy: liis,
    },
    "Tallinna meeskond 2",
    [jaan],
  );
  const trt = await decision(
    {
      clientId: olga,
      fundingSourceId: ctx.catalogue.fundingSources.TRT,
      fundingKind: "TRT",
      decisionNumber: "TK-2026-0457",
      decisionDate: "2026-08-20",
      startDate: "2026-09-01",
      endDate: "2027-02-28",
      targetGroup: "täisealine",
      createdBy: liis,
    },
    [
      ["T2010", 8],
      ["T2004", 6],
    ],
  );
  await entries(olga, trt, [
    ["2026-09-15", "T2010", 2, jaan, "Tööalase eesmärgi kaardistamine."],
    ["2026-10-20", "T2004", 1, liis, "Tööotsingu plaan."],
  ]);

  const mihkel = await client(
    {
      firstName: "Mihkel",
      lastName: "Mägi",
      personalCode: "37109110176",
      phone: "+372 5222 7777",
      address: "Riia 15, Tartu",
      county: "tartu",
      caseManagerId: null,
      createdBy: maarja,
    },
    "Tartu meeskond",
    [maarja],
  );
  const eht = await decision({
    clientId: mihkel,
    fundingSourceId: ctx.catalogue.fundingSources.EHT,
    fundingKind: "EHT",
    decisionNumber: "EHT-2025-88",
    decisionDate: "2025-12-10",
    startDate: "2026-01-01",
    endDate: "2026-12-31",
    targetGroup: "täisealine",
    monthlyCapCents: 13700,
    createdBy: maarja,
  });
  await entries(mihkel, eht, [["2026-10-01", "IET", 1, maarja, "Igapäevaelu toetamine, oktoober."]]);
}
