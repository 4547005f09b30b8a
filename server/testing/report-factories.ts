import { sql } from "drizzle-orm";
import { serviceEntries, sessions } from "@/db/schema";
import type { BillingUnit } from "@/db/schema/catalogue";
import type { DbOrTx } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";
import { makeActor, makeClient, makeEmployee, makeUnit } from "./factories";
import { makeDecision, makeFundingSource, makePriceVersion, makeService } from "./funding-factories";

/**
 * A generated installation for the organisation reports: two regions (Tallinn under North, Tartu
 * under South), services priced per hour, academic hour and session, two funders, and entries
 * spread over 2025 and 2026 by a seeded generator. `entries` keeps what was written, so tests
 * can compute the expected figures from the data themselves.
 */

export type GeneratedEntry = {
  id: string;
  clientId: string;
  unit: "tallinn" | "tartu";
  serviceId: string;
  billingUnit: BillingUnit;
  funderId: string;
  specialistId: string;
  date: string;
  units: number;
  amountCents: number;
  sessionHours: number | null;
};

export type ReportWorld = {
  north: string;
  tallinn: string;
  tallinnTeam: string;
  south: string;
  tartu: string;
  srt: string;
  kov: string;
  services: { id: string; billingUnit: BillingUnit }[];
  tallinnSpecialist: string;
  tartuSpecialist: string;
  tallinnClients: string[];
  tartuClients: string[];
  entries: GeneratedEntry[];
  /** reports:read unit, billing:read unit, clients:read unit; heads Tallinn. */
  tallinnHead: Actor;
  /** reports:read all and billing:read all (an accountant). */
  accountant: Actor;
};

/** A small deterministic generator (mulberry32), so a failing case can be repeated. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function makeReportWorld(db: DbOrTx, opts: { entries?: number; seed?: number } = {}): Promise<ReportWorld> {
  const north = await makeUnit(db, { name: "Põhja" });
  const tallinn = await makeUnit(db, { name: "Tallinn", parentId: north });
  const tallinnTeam = await makeUnit(db, { name: "Tallinna meeskond", parentId: tallinn });
  const south = await makeUnit(db, { name: "Lõuna" });
  const tartu = await makeUnit(db, { name: "Tartu", parentId: south });
  const srt = await makeFundingSource(db, { kind: "SRT", name: "SKA sotsiaalne rehabilitatsioon" });
  const kov = await makeFundingSource(db, { kind: "KOV", name: "Tallinna linn" });
  const services: ReportWorld["services"] = [];
  for (const billingUnit of ["hour", "academic_hour", "session"] as const)
    services.push({ id: await makeService(db, { billingUnit }), billingUnit });
  const prices = [2940, 4410, 7152];
  for (const funder of [srt, kov]) {
    await makePriceVersion(db, {
      fundingSourceId: funder,
      validFrom: "2018-01-01",
      items: services.map((s, i) => ({ serviceId: s.id, unitPriceCents: prices[i]! })),
    });
  }
  const tallinnSpecialist = await makeEmployee(db, { unitIds: [tallinnTeam] });
  const tartuSpecialist = await makeEmployee(db, { unitIds: [tartu] });
  const tallinnClients: string[] = [];
  const tartuClients: string[] = [];
  const decisions = new Map<string, string>();
  for (let i = 0; i < 4; i++) {
    for (const [unit, list] of [
      [tallinnTeam, tallinnClients],
      [tartu, tartuClients],
    ] as const) {
      const clientId = await makeClient(db, { unitIds: [unit] });
      list.push(clientId);
      for (const funder of [srt, kov])
        decisions.set(
          `${clientId}:${funder}`,
          await makeDecision(db, { clientId, fundingSourceId: funder, startDate: "2024-01-01", endDate: "2026-12-31" }),
        );
    }
  }
  const random = seeded(opts.seed ?? 12);
  const entries: GeneratedEntry[] = [];
  for (let i = 0; i < (opts.entries ?? 80); i++) {
    const inTallinn = random() < 0.6;
    const clients = inTallinn ? tallinnClients : tartuClients;
    const clientId = clients[Math.floor(random() * clients.length)]!;
    const service = services[Math.floor(random() * services.length)]!;
    const funderId = random() < 0.7 ? srt : kov;
    const specialistId = inTallinn ? tallinnSpecialist : tartuSpecialist;
    const date = `${random() < 0.5 ? 2025 : 2026}-${String(1 + Math.floor(random() * 11)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
    const units = service.billingUnit === "session" ? 1 : [0.5, 1, 1.5, 2][Math.floor(random() * 4)]!;
    let sessionId: string | null = null;
    let sessionHours: number | null = null;
    if (service.billingUnit === "session") {
      // Sessions of a whole hour or 90 minutes, at a unique time so no two overlap.
      sessionHours = random() < 0.5 ? 1 : 1.5;
      const startsAt = new Date(`${date}T06:00:00Z`);
      startsAt.setUTCMinutes(i * 3);
      const [row] = await db
        .insert(sessions)
        .values({ serviceId: service.id, startsAt, endsAt: new Date(startsAt.getTime() + sessionHours * 3_600_000), status: "done" })
        .returning({ id: sessions.id });
      sessionId = row!.id;
    }
    const [entry] = await db
      .insert(serviceEntries)
      .values({
        clientId,
        decisionId: decisions.get(`${clientId}:${funderId}`)!,
        serviceId: service.id,
        serviceDate: date,
        units: String(units),
        specialistId,
        sessionId,
      })
      .returning({ id: serviceEntries.id, amountCents: serviceEntries.amountCents });
    entries.push({
      id: entry!.id,
      clientId,
      unit: inTallinn ? "tallinn" : "tartu",
      serviceId: service.id,
      billingUnit: service.billingUnit,
      funderId,
      specialistId,
      date,
      units,
      amountCents: entry!.amountCents,
      sessionHours,
    });
  }
  const tallinnHead = await makeActor(db, {
    permissions: { "reports:read": "unit", "billing:read": "unit", "clients:read": "unit" },
    unitIds: [tallinn],
    headOf: [tallinn],
  });
  const accountant = await makeActor(db, { permissions: { "reports:read": "all", "billing:read": "all" } });
  return {
    north,
    tallinn,
    tallinnTeam,
    south,
    tartu,
    srt,
    kov,
    services,
    tallinnSpecialist,
    tartuSpecialist,
    tallinnClients,
    tartuClients,
    entries,
    tallinnHead,
    accountant,
  };
}

/** Hours of a generated entry, worked out from what was written (not from the report's SQL). */
export const hoursOf = (e: GeneratedEntry) =>
  e.billingUnit === "hour" ? e.units : e.billingUnit === "academic_hour" ? e.units * 0.75 : (e.sessionHours ?? 0);

/** Every entry straight from the table, for a reconciliation against the dataset itself. */
export async function datasetTotals(db: DbOrTx, from: string, to: string) {
  const [row] = await db.execute<{ cents: string; n: number }>(
    sql`SELECT coalesce(sum(amount_cents), 0)::text AS cents, count(*)::int AS n FROM service_entries WHERE service_date BETWEEN ${from}::date AND ${to}::date`,
  );
  return { cents: Number(row!.cents), count: row!.n };
}
