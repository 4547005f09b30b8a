import { z } from "./zod";
import { multiLine, singleLine } from "./schemas";

/** The document types an institution lays out with its own templates (#13), as db/schema/documents.ts names them. */
export const TEMPLATE_TYPES = ["dataset", "attendance", "invoice_annex", "confirmation", "rehab_plan", "summary_assessment"] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

/** Columns a template may leave out; the others carry what the funder requires. */
export const OPTIONAL_COLUMNS: Record<TemplateType, readonly string[]> = {
  dataset: ["time", "kind", "specialist", "description"],
  attendance: ["specialists", "signature"],
  invoice_annex: ["unit"],
  confirmation: ["time", "specialist"],
  rehab_plan: ["frequency", "specialists"],
  summary_assessment: ["reason"],
};

/** A template's settings, as the Haldus form edits them and the server stores each version. */
export const templateSettingsSchema = z.object({
  headerText: multiLine(500),
  footerText: singleLine(200),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Give the colour as #rrggbb"),
  hiddenColumns: z.array(singleLine(40)).max(10),
  signatureLines: z.array(singleLine(100).min(1)).max(6),
  texts: z.object({ heading: singleLine(200).min(1), closing: multiLine(1000) }),
});
export type TemplateSettingsInput = z.infer<typeof templateSettingsSchema>;
