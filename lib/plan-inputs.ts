import { z } from "./zod";
import { isoDate, multiLine, singleLine } from "./schemas";

/**
 * Inputs of the plan and summary-assessment procedures, isomorphic so the forms validate with the
 * same shapes the server does (server/documents/plans.ts and summary.ts extend them).
 */

/** Life areas of the functioning assessment (after ICF's activity and participation chapters). */
export const LIFE_AREAS = [
  "learning",
  "communication",
  "mobility",
  "selfCare",
  "domesticLife",
  "relationships",
  "educationWork",
  "community",
] as const;
export type LifeArea = (typeof LIFE_AREAS)[number];

const areaText = multiLine(5_000);
export const planContent = z.object({
  firstMeetingDate: isoDate,
  assessmentDate: isoDate,
  validFrom: isoDate,
  validTo: isoDate,
  team: z.array(z.object({ name: singleLine(120), specialtyId: z.uuid() })).max(20),
  functioning: z.object(Object.fromEntries(LIFE_AREAS.map((a) => [a, areaText])) as Record<LifeArea, typeof areaText>),
  problems: multiLine(10_000),
  goals: z.array(z.object({ text: singleLine(500) })).max(30),
  services: z
    .array(
      z.object({
        serviceId: z.uuid(),
        units: z.number().positive().max(100_000),
        frequency: singleLine(200),
        specialists: singleLine(300),
      }),
    )
    .max(50),
  assistiveDevices: multiLine(5_000),
  recommendations: multiLine(10_000),
  network: multiLine(5_000),
});
export type PlanContent = z.infer<typeof planContent>;

export const summaryContent = z.object({
  goals: z.array(z.object({ goal: singleLine(500), met: z.boolean(), reason: multiLine(2_000) })).max(30),
  activities: multiLine(10_000),
  supportNeed: multiLine(10_000),
  invoiceId: z.uuid().nullable(),
});
export type SummaryContent = z.infer<typeof summaryContent>;
