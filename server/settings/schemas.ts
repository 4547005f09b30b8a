import { z } from "@/lib/zod";
import { singleLine } from "@/lib/schemas";

/** Inputs of the institution settings (server/settings/institution.ts) and the nightly backup. */
const nullableText = (max: number) => singleLine(max).nullable();

export const institutionInput = z.object({
  legalName: singleLine(200).min(1),
  registryCode: nullableText(8),
  address: singleLine(300),
  iban: nullableText(40),
  vatNumber: nullableText(20),
  email: nullableText(200),
  phone: nullableText(50),
  timeZone: singleLine(60).min(1),
  invoiceSeriesPrefix: singleLine(10).min(1),
  paymentTermDays: z.number().int().min(0).max(365),
});
export const setLogoInput = z.object({ dataUrl: singleLine(800_000, { trim: false }).nullable() });
export const backupScheduleInput = z.object({ enabled: z.boolean(), hour: z.number().int().min(0).max(23) });
export type BackupScheduleInput = z.infer<typeof backupScheduleInput>;
