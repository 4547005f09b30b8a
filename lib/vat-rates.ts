import { z } from "./zod";
import { isoDate, singleLine } from "./schemas";

/** Which rate of the dated VAT table a taxable price-list item takes (KMS § 15). */
export const VAT_RATE_KINDS = ["standard", "reduced", "accommodation"] as const;
export type VatRateKind = (typeof VAT_RATE_KINDS)[number];

/** A percentage as typed: "24", "9,5" or "13.00"; above 0 and below 100, at most two decimals. */
export const vatPercent = z
  .string()
  .trim()
  .regex(/^\d{1,2}([.,]\d{1,2})?$/, "Give the rate in percent, e.g. 24 or 9,5")
  .refine((v) => Number(v.replace(",", ".")) > 0, "A VAT rate is above 0 percent");

const rowFields = {
  id: z.uuid().nullable(),
  kind: z.enum(VAT_RATE_KINDS),
  rate: vatPercent,
  validFrom: isoDate,
  note: singleLine(200),
};
const endsAfterStart = (v: { validFrom: string; validTo: string | null }) => !v.validTo || v.validTo >= v.validFrom;
const endsAfterStartError = { path: ["validTo"], message: "The period ends before it starts" };

/** One row of the VAT rate table as the server takes it (an open end is null). */
export const vatRateInput = z.object({ ...rowFields, validTo: isoDate.nullable() }).refine(endsAfterStart, endsAfterStartError);
export type VatRateInput = z.infer<typeof vatRateInput>;

/** The same row as the Haldus form holds it: an open end is an empty date field. */
export const vatRateForm = z
  .object({ ...rowFields, validTo: z.union([isoDate, z.literal("")]) })
  .refine(endsAfterStart, endsAfterStartError);
export type VatRateForm = z.infer<typeof vatRateForm>;

/** "9,5" -> "9.50": the numeric(4,2) text PostgreSQL stores. */
export function normaliseVatPercent(v: string): string {
  const [whole, frac = ""] = v.trim().replace(",", ".").split(".");
  return `${Number(whole)}.${frac.padEnd(2, "0")}`;
}
