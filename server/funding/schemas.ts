import { z } from "@/lib/zod";
import { fromForm, typedNumber } from "@/lib/form-schema";
import { parseEuroCents } from "@/lib/money";
import { cents, isoDate, isoMonth, multiLine, singleLine } from "@/lib/schemas";

/**
 * Inputs of the funding procedures (decisions, case plans, dataset entries), shared with the
 * forms of the client record. Rules that need the database (overlaps, limits, prices) stay in
 * the domain functions beside this file.
 */

const capCents = cents.max(100_000_000).nullable();

/** A decision as the procedures take it: the router validates with these, the domain is typed by them. */
export const decisionInput = z.object({
  fundingSourceId: z.uuid(),
  decisionNumber: singleLine(60).min(1),
  decisionDate: isoDate,
  startDate: isoDate,
  endDate: isoDate,
  targetGroup: singleLine(100),
  periodCapCents: capCents,
  yearlyCapCents: capCents,
  monthlyCapCents: capCents,
  serviceLimits: z.array(z.object({ serviceId: z.uuid(), maxUnits: z.number().positive().max(100_000) })).max(100),
});
export type DecisionInput = z.infer<typeof decisionInput>;
export const createDecisionInput = decisionInput.extend({ clientId: z.uuid() });
export const updateDecisionInput = decisionInput.extend({ decisionId: z.uuid() });

/**
 * The decision form's values as typed: caps in euros ("1237,00", empty for none), volumes as
 * text, every limit row as it stands (a row without a service is refused on that row, not dropped).
 */
export type DecisionValues = Omit<DecisionInput, "periodCapCents" | "yearlyCapCents" | "monthlyCapCents" | "serviceLimits"> & {
  periodCapCents: string;
  yearlyCapCents: string;
  monthlyCapCents: string;
  serviceLimits: { serviceId: string; maxUnits: string }[];
};
// Not an amount: NaN, which the cents schema refuses on that field (an empty field is no cap).
const typedCents = (text: string) => (text.trim() === "" ? null : (parseEuroCents(text) ?? Number.NaN));
const toDecision = (v: DecisionValues): DecisionInput => ({
  ...v,
  periodCapCents: typedCents(v.periodCapCents),
  yearlyCapCents: typedCents(v.yearlyCapCents),
  monthlyCapCents: typedCents(v.monthlyCapCents),
  serviceLimits: v.serviceLimits.map((l) => ({ serviceId: l.serviceId, maxUnits: typedNumber(l.maxUnits) })),
});
/** The domain's "a service once per list" (decisions.ts, case-plans.ts), refused on the row that repeats it. */
const serviceOnce =
  <K extends string>(rows: K) =>
  (value: Record<K, { serviceId: string }[]>, ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    value[rows].forEach((row, i) => {
      if (seen.has(row.serviceId)) ctx.addIssue({ code: "custom", path: [rows, i, "serviceId"], message: "errors.serviceTwice" });
      seen.add(row.serviceId);
    });
  };
// The domain's rules for the period and the rows (decisions.ts validate), under its message keys.
export const decisionForm = Object.assign(
  fromForm(decisionInput, toDecision)
    .refine((d) => d.endDate >= d.startDate, { path: ["endDate"], message: "errors.periodEndsBeforeStart" })
    .superRefine(serviceOnce("serviceLimits")),
  { toInput: toDecision },
);
export type DecisionSubmission = z.output<typeof decisionInput>;
export const decisionRef = z.object({ decisionId: z.uuid() });
export const clientRef = z.object({ clientId: z.uuid() });

/** A case plan as the procedure takes it: the goals and the planned volume per service. */
export const casePlanInput = z.object({
  decisionId: z.uuid(),
  goals: multiLine(10_000),
  items: z.array(z.object({ serviceId: z.uuid(), plannedUnits: z.number().positive().max(100_000) })).max(100),
});
export type CasePlanInput = Omit<z.infer<typeof casePlanInput>, "decisionId">;
/**
 * The case plan form's values as typed: volumes as text, every row as it stands (a row without a
 * service is refused on that row, not dropped).
 */
export type CasePlanValues = { decisionId: string; goals: string; items: { serviceId: string; plannedUnits: string }[] };
const toCasePlan = (v: CasePlanValues): z.input<typeof casePlanInput> => ({
  decisionId: v.decisionId,
  goals: v.goals,
  items: v.items.map((i) => ({ serviceId: i.serviceId, plannedUnits: typedNumber(i.plannedUnits) })),
});
export const casePlanForm = Object.assign(fromForm(casePlanInput, toCasePlan).superRefine(serviceOnce("items")), {
  toInput: toCasePlan,
});
export type CasePlanSubmission = z.output<typeof casePlanInput>;

/** The dataset tab pages through ten years of entries, newest first: `limit` after the `cursor` entry. */
export const ENTRIES_PAGE = 100;
export const listEntriesInput = z.object({
  clientId: z.uuid(),
  decisionId: z.uuid().optional(),
  month: isoMonth.optional(),
  cursor: z.uuid().nullish(),
  limit: z.number().int().min(1).max(500).optional(),
});

/** One line of the client's dataset (a service given on a day, in its billing units). */
export const entryInput = z.object({
  clientId: z.uuid(),
  decisionId: z.uuid(),
  serviceId: z.uuid(),
  serviceDate: isoDate,
  units: z.number().positive().max(999),
  specialistId: z.uuid(),
  description: multiLine(5000),
});
export type EntrySubmission = z.output<typeof entryInput>;
/** The dataset form's values as typed (units as text); it validates with entryInput through this. */
export type EntryValues = Omit<z.input<typeof entryInput>, "units"> & { units: string };
export const entryForm = fromForm(entryInput, (v: EntryValues) => ({ ...v, units: typedNumber(v.units) }));
export const entryRef = z.object({ entryId: z.uuid() });
