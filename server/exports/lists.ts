import { z } from "zod";
import { MESSAGES } from "@/i18n/messages";
import { isoMonth } from "@/lib/schemas";
import { listInvoices } from "@/server/billing/invoices";
import { listClients } from "@/server/clients/clients";
import type { Db } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { listDecisions } from "@/server/funding/decisions";
import { listEntries } from "@/server/funding/entries";
import { listEmployees } from "@/server/org/employees";
import { listSessions } from "@/server/scheduling/calendar";
import { requirePermission } from "@/server/policy/policy";
import { tallinnDate, tallinnParts } from "@/lib/tallinn-time";

/**
 * The lists a person sees that can be taken away as XLSX or CSV (#13 "Exports"): each with the
 * screen's columns (the screen's own i18n keys) and rows read by the same domain function the
 * screen uses, so the policy that narrows the screen narrows the file. The lists that grow with
 * the institution are read page by page as the file is written, never whole: clients and dataset
 * entries by keyset (the last row's id), the calendar's sessions a week at a time. Employees,
 * a month's invoices and a client's decisions are one page: the screen shows them whole too.
 */

export type Locale = "et" | "en";
export type Cell = string | number | null;
export type ExportColumn = { label: string; kind?: "text" | "number" | "money" };
type Params = Record<string, string | undefined>;
type Pages = (ctx: DomainContext<Db>, params: Params, locale: Locale) => AsyncGenerator<Cell[][]>;
export type ExportList = {
  params: z.ZodType<Params>;
  columns: { key: string; kind?: ExportColumn["kind"] }[];
  /** The rows page by page: each page is read when the file is ready to take it. */
  pages: Pages;
  /** All the rows at once (what the tests compare). */
  rows: (ctx: DomainContext<Db>, params: Params, locale: Locale) => Promise<Cell[][]>;
};

/** Rows per page read from the database. */
export const EXPORT_PAGE = 500;

function list<P extends z.ZodType<Params>>(def: { params: P; columns: ExportList["columns"]; pages: Pages }): ExportList {
  return {
    ...def,
    rows: async (ctx, params, locale) => {
      const all: Cell[][] = [];
      for await (const page of def.pages(ctx, params, locale)) all.push(...page);
      return all;
    },
  };
}

/** A list the screen shows whole, as one page. */
const onePage = (rows: (ctx: DomainContext<Db>, p: Params, locale: Locale) => Promise<Cell[][]>): Pages =>
  async function* (ctx, p, locale) {
    yield await rows(ctx, p, locale);
  };

type Tree = { [key: string]: string | Tree };
export function label(locale: Locale, key: string): string {
  const v = key
    .split(".")
    .reduce<string | Tree | undefined>((n, k) => (typeof n === "object" ? n[k] : undefined), MESSAGES[locale] as Tree);
  return typeof v === "string" ? v : key;
}

const WEEK_MS = 7 * 86_400_000;
const euro = (cents: number | null) => (cents === null ? null : cents / 100);

export const EXPORT_LISTS = {
  clients: list({
    params: z.object({ search: z.string().max(100).optional(), unitId: z.uuid().optional() }),
    columns: [
      { key: "clients.name" },
      { key: "clients.personalCode" },
      { key: "clients.units" },
      { key: "clients.caseManager" },
      { key: "clients.currentFunding" },
    ],
    pages: async function* (ctx, p, locale) {
      requirePermission(ctx.actor, "clients", "read");
      for (let after: string | undefined; ;) {
        const rows = await listClients(ctx, { search: p.search, unitId: p.unitId, limit: EXPORT_PAGE, after });
        yield rows.map((c): Cell[] => [
          `${c.lastName}, ${c.firstName}`,
          c.personalCode ?? (c.birthDate ? label(locale, "clients.bornOn").replace("{date}", c.birthDate) : ""),
          c.unitNames.join(", "),
          c.caseManagerName ?? "",
          c.currentFunding.map((f) => `${f.kind} (${f.source})`).join(", "),
        ]);
        if (rows.length < EXPORT_PAGE) return;
        after = rows.at(-1)!.id;
      }
    },
  }),
  employees: list({
    params: z.object({
      search: z.string().max(100).optional(),
      unitId: z.uuid().optional(),
      includeInactive: z.enum(["true", "false"]).optional(),
    }),
    columns: [
      { key: "employees.name" },
      { key: "employees.personalCode" },
      { key: "employees.units" },
      { key: "employees.specialties" },
      { key: "employees.roles" },
      { key: "employees.status" },
    ],
    pages: onePage(async (ctx, p, locale) => {
      requirePermission(ctx.actor, "employees", "read");
      const rows = await listEmployees(ctx, { search: p.search, unitId: p.unitId, includeInactive: p.includeInactive === "true" });
      return rows.map((e) => [
        `${e.lastName}, ${e.firstName}`,
        e.personalCode,
        e.unitNames.join(", "),
        e.specialtyNames.join(", "),
        e.roleNames.join(", "),
        label(locale, e.active ? "employees.active" : "employees.inactive"),
      ]);
    }),
  }),
  entries: list({
    params: z.object({ clientId: z.uuid(), decisionId: z.uuid().optional(), month: isoMonth.optional() }),
    columns: [
      { key: "clients.dataset.date" },
      { key: "clients.dataset.service" },
      { key: "clients.dataset.units", kind: "number" },
      { key: "clients.dataset.specialist" },
      { key: "clients.dataset.price", kind: "money" },
      { key: "clients.dataset.amount", kind: "money" },
      { key: "clients.dataset.decision" },
      { key: "clients.dataset.description" },
    ],
    pages: async function* (ctx, p, locale) {
      for (let after: string | undefined; ;) {
        const page = { after, limit: EXPORT_PAGE };
        const rows = await listEntries(ctx, { clientId: p.clientId!, decisionId: p.decisionId, month: p.month, page });
        yield rows.map((e): Cell[] => [
          e.serviceDate,
          `${e.serviceCode} ${locale === "et" ? e.serviceNameEt : e.serviceNameEn}`,
          Number(e.units),
          [e.specialistName, locale === "et" ? e.specialtyEt : e.specialtyEn].filter(Boolean).join(", "),
          euro(e.unitPriceCents),
          euro(e.amountCents),
          e.decisionNumber,
          e.description,
        ]);
        if (rows.length < EXPORT_PAGE) return;
        after = rows.at(-1)!.id;
      }
    },
  }),
  decisions: list({
    params: z.object({ clientId: z.uuid() }),
    // The screen shows each decision as a card with one bar per limit: here one row per limit.
    columns: [
      { key: "exports.columns.decision" },
      { key: "exports.columns.funder" },
      { key: "exports.columns.start" },
      { key: "exports.columns.end" },
      { key: "exports.columns.limit" },
      { key: "exports.columns.max", kind: "number" },
      { key: "exports.columns.used", kind: "number" },
      { key: "exports.columns.planned", kind: "number" },
      { key: "exports.columns.remaining", kind: "number" },
      { key: "exports.columns.unit" },
    ],
    pages: onePage(async (ctx, p, locale) => {
      const decisions = await listDecisions(ctx, { clientId: p.clientId! });
      return decisions.flatMap((d): Cell[][] => {
        const head = [`${d.fundingKind} ${d.decisionNumber}`, d.sourceName, d.startDate, d.endDate];
        if (d.lines.length === 0) return [[...head, label(locale, "exports.noLimits"), null, null, null, null, ""]];
        return d.lines.map((l) => {
          const money = l.kind !== "service";
          const n = (x: number) => (money ? x / 100 : x);
          const what =
            l.kind === "service"
              ? `${l.serviceCode} ${l.serviceName}`
              : `${label(locale, `exports.limitKinds.${l.kind}`)}${l.periodLabel ? ` ${l.periodLabel}` : ""}`;
          return [...head, what, n(l.limit), n(l.used), n(l.planned), n(l.remaining), money ? "€" : (l.billingUnit ?? "")];
        });
      });
    }),
  }),
  sessions: list({
    // The calendar's range and filters, as ISO instants and comma-separated ids.
    params: z.object({
      from: z.iso.datetime({ offset: true }),
      to: z.iso.datetime({ offset: true }),
      clientId: z.uuid().optional(),
      roomIds: z.string().max(2000).optional(),
      specialistIds: z.string().max(2000).optional(),
      includeCancelled: z.enum(["true", "false"]).optional(),
    }),
    columns: [
      { key: "exports.columns.date" },
      { key: "exports.columns.time" },
      { key: "exports.columns.service" },
      { key: "exports.columns.room" },
      { key: "exports.columns.specialists" },
      { key: "exports.columns.clients" },
      { key: "exports.columns.status" },
    ],
    pages: async function* (ctx, p, locale) {
      const ids = (s: string | undefined) => (s ? s.split(",").filter((x) => z.uuid().safeParse(x).success) : undefined);
      const day = tallinnDate;
      const time = (d: Date) => tallinnParts(d).time;
      const from = new Date(p.from!);
      const to = new Date(p.to!);
      // A week at a time; a session belongs to the week it starts in (the first week also takes
      // those that started before the range and reach into it), so none is written twice.
      for (let start = from; start < to;) {
        const end = new Date(Math.min(start.getTime() + WEEK_MS, to.getTime()));
        const found = await listSessions(ctx, {
          from: start,
          to: end,
          clientId: p.clientId,
          roomIds: ids(p.roomIds),
          specialistIds: ids(p.specialistIds),
          includeCancelled: p.includeCancelled === "true",
        });
        const week = start === from ? found : found.filter((s) => s.startsAt >= start);
        start = end;
        // A session the person may not see in full is a busy block on screen, and in the file.
        yield week.map((s): Cell[] =>
          s.busy
            ? [day(s.startsAt), `${time(s.startsAt)}–${time(s.endsAt)}`, label(locale, "exports.busy"), "", "", "", ""]
            : [
                day(s.startsAt),
                `${time(s.startsAt)}–${time(s.endsAt)}`,
                `${s.service.code} ${locale === "et" ? s.service.nameEt : s.service.nameEn}`,
                s.roomName ?? "",
                s.specialists.map((x) => x.name).join(", "),
                [...s.participants.map((x) => x.name), ...(s.hiddenParticipants ? [`+${s.hiddenParticipants}`] : [])].join(", "),
                label(locale, `scheduling.statuses.${s.status}`),
              ],
        );
      }
    },
  }),
  invoices: list({
    params: z.object({ month: isoMonth }),
    columns: [
      { key: "billing.invoices.colNumber" },
      { key: "billing.invoices.colFunder" },
      { key: "billing.invoices.colTotal", kind: "money" },
      { key: "payments.list.colPaid", kind: "money" },
      { key: "payments.list.colOutstanding", kind: "money" },
      { key: "billing.invoices.colStatus" },
      { key: "billing.invoices.colSending" },
    ],
    pages: onePage(async (ctx, p, locale) => {
      requirePermission(ctx.actor, "billing", "read");
      const rows = await listInvoices(ctx, { month: p.month! });
      return rows.map((i) => [
        i.number ?? label(locale, "billing.invoices.draftNumber"),
        i.clientName ? `${i.funder}, ${label(locale, "billing.invoices.forClient").replace("{name}", i.clientName)}` : i.funder,
        euro(i.totalCents),
        euro(i.paidCents),
        euro(i.outstandingCents),
        label(locale, `billing.invoices.status.${i.status}`),
        label(locale, `billing.invoices.sendState.${i.sendState}`),
      ]);
    }),
  }),
} satisfies Record<string, ExportList>;

export type ExportListName = keyof typeof EXPORT_LISTS;
export const isExportList = (name: string): name is ExportListName => Object.hasOwn(EXPORT_LISTS, name);
