import type { BillingUnit, VatStatus } from "@/db/schema/catalogue";

/** EN 16931 VAT category codes (UNCL5305): standard rate, exempt, not subject to VAT. */
export const VAT_CATEGORY: Record<VatStatus, "S" | "E" | "O"> = { taxable: "S", exempt: "E", not_taxable: "O" };

/**
 * The exemption reason an E or O category must carry (BR-E-10, BR-O-10). Welfare and
 * rehabilitation services are exempt under VAT Directive art. 132(1)(g), in Estonian law the
 * Value Added Tax Act § 16(2)(4); the code comes from the CEF VATEX list.
 */
export const EXEMPTION: Record<VatStatus, { code: string; text: string } | null> = {
  taxable: null,
  exempt: { code: "VATEX-EU-132-1G", text: "Maksuvaba käive, KMS § 16 lg 2 p 4 (sotsiaalteenus)" },
  not_taxable: { code: "VATEX-EU-O", text: "Käibemaksuga mittemaksustatav" },
};

/**
 * UN/ECE Recommendation 20 unit codes. An academic hour (45 min) has no code of its own, so it
 * goes as a unit (C62); the item name says what it is.
 */
export const UNIT_CODES: Record<BillingUnit, string> = {
  hour: "HUR",
  academic_hour: "C62",
  session: "C62",
  day: "DAY",
  month: "MON",
  km: "KMT",
};
