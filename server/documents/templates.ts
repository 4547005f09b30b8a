import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { documentTemplates, employees, type TemplateSettings } from "@/db/schema";
import { OPTIONAL_COLUMNS, TEMPLATE_TYPES, templateSettingsSchema, type TemplateType } from "@/lib/document-templates";
import { singleLine } from "@/lib/schemas";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { invalid, notFound } from "@/server/errors";
import { requirePermission } from "@/server/policy/policy";
import { parseLogoDataUrl } from "@/server/settings/institution";
import { institutionLogo } from "./institution";
import { DEFAULT_STYLE, type DocStyle, type Logo } from "./layout";

/**
 * Document templates per installation (#13): per document type the institution's logo, texts
 * above and below each page, colour, which optional columns appear, the signature lines and its
 * own wording of the fixed texts. Each save is a new version (the table is append-only), and a
 * registered document names the version it was laid out with.
 */

const DEFAULT_TEXTS: Record<TemplateType, { heading: string; closing: string }> = {
  dataset: { heading: "Kliendi andmestik (kliendipäevik)", closing: "" },
  attendance: { heading: "Osavõtuleht", closing: "" },
  invoice_annex: { heading: "Arve lisa: osutatud teenused", closing: "" },
  confirmation: { heading: "Kinnitus osutatud teenuste kohta", closing: "Kinnitan, et olen ülaltoodud teenused saanud." },
  // A TRT action plan is titled "Tegevuskava" whatever the heading (plan-render.ts).
  rehab_plan: { heading: "Rehabilitatsiooniplaan", closing: "" },
  summary_assessment: { heading: "Erihoolekandeteenuse kokkuvõttev hinnang", closing: "" },
};

const DEFAULT_SIGNATURES: Record<TemplateType, string[]> = {
  dataset: ["Teenuse osutaja esindaja (juhtumikorraldaja)", "Klient või seaduslik esindaja"],
  attendance: ["Klient", "Teenuse osutaja esindaja"],
  invoice_annex: ["Teenuse osutaja esindaja"],
  confirmation: ["Klient või seaduslik esindaja"],
  // After the assessing team's lines, which the plan itself names.
  rehab_plan: ["Klient või seaduslik esindaja"],
  summary_assessment: ["Teenuse osutaja esindaja (juhtumikorraldaja)"],
};

export function defaultSettings(type: TemplateType): TemplateSettings {
  return {
    headerText: "",
    footerText: "",
    accentColor: DEFAULT_STYLE.accent,
    hiddenColumns: [],
    signatureLines: DEFAULT_SIGNATURES[type],
    texts: DEFAULT_TEXTS[type],
  };
}

export { OPTIONAL_COLUMNS };
export const templateType = z.enum(TEMPLATE_TYPES);

export const saveTemplateInput = z.object({
  type: templateType,
  settings: templateSettingsSchema,
  /** A PNG or JPEG as a data URL; null: use the institution's logo; absent: keep the current version's. */
  logoDataUrl: singleLine(800_000, { trim: false }).nullable().optional(),
});
export type SaveTemplateInput = z.infer<typeof saveTemplateInput>;

/** A template as the renderers use it. `id` null: the built-in default. */
export type ResolvedTemplate = {
  id: string | null;
  version: number;
  settings: TemplateSettings;
  logo: Logo | null;
  style: DocStyle;
  shows: (column: string) => boolean;
};

function resolve(
  type: TemplateType,
  row: { id: string | null; version: number; settings: TemplateSettings } | null,
  logo: Logo | null,
): ResolvedTemplate {
  const settings = row?.settings ?? defaultSettings(type);
  return {
    id: row?.id ?? null,
    version: row?.version ?? 0,
    settings,
    logo,
    style: { accent: settings.accentColor, headerText: settings.headerText, footerText: settings.footerText },
    shows: (column) => !settings.hiddenColumns.includes(column),
  };
}

/** The built-in layout of a type, as used until an institution saves its own. */
export const defaultTemplate = (type: TemplateType, logo: Logo | null = null) => resolve(type, null, logo);

/** The template in use for a type (its newest version), its logo or else the institution's. */
export async function currentTemplate(db: DbOrTx, type: TemplateType): Promise<ResolvedTemplate> {
  const [row] = await db
    .select()
    .from(documentTemplates)
    .where(eq(documentTemplates.type, type))
    .orderBy(desc(documentTemplates.version))
    .limit(1);
  return resolve(type, row ?? null, row?.logo ? { data: row.logo, mime: row.logoMime! } : await institutionLogo(db));
}

/** A stored version, as a registered document names it; null (the default) lays out as the default does today. */
export async function templateVersion(db: DbOrTx, type: TemplateType, id: string | null): Promise<ResolvedTemplate> {
  if (id === null) return resolve(type, null, await institutionLogo(db));
  const [row] = await db
    .select()
    .from(documentTemplates)
    .where(and(eq(documentTemplates.id, id), eq(documentTemplates.type, type)));
  if (!row) throw notFound("template");
  return resolve(type, row, row.logo ? { data: row.logo, mime: row.logoMime! } : await institutionLogo(db));
}

/** A template as settings would be saved, for the live preview: nothing is stored. */
export async function draftTemplate(ctx: DomainContext, input: SaveTemplateInput): Promise<ResolvedTemplate> {
  requirePermission(ctx.actor, "settings", "manage");
  const settings = checkSettings(input.type, input.settings);
  const current = await currentTemplate(ctx.db, input.type);
  const logo =
    input.logoDataUrl === undefined
      ? current.logo
      : input.logoDataUrl === null
        ? await institutionLogo(ctx.db)
        : toLogo(parseLogoDataUrl(input.logoDataUrl));
  return resolve(input.type, { id: null, version: current.version + 1, settings }, logo);
}

const toLogo = (l: { bytes: Buffer; mime: string }): Logo => ({ data: l.bytes, mime: l.mime });

function checkSettings(type: TemplateType, settings: TemplateSettings): TemplateSettings {
  const unknown = settings.hiddenColumns.find((c) => !OPTIONAL_COLUMNS[type].includes(c));
  if (unknown)
    throw invalid("hiddenColumns", "errors.templateColumnUnknown", `The column ${unknown} cannot be hidden`, { column: unknown });
  return { ...settings, accentColor: settings.accentColor.toLowerCase() };
}

export const getTemplateInput = z.object({ type: templateType });

export async function getTemplate(ctx: DomainContext, input: z.infer<typeof getTemplateInput>) {
  requirePermission(ctx.actor, "settings", "read");
  const t = await currentTemplate(ctx.db, input.type);
  const versions = await ctx.db
    .select({
      id: documentTemplates.id,
      version: documentTemplates.version,
      createdAt: documentTemplates.createdAt,
      createdBy: sql<string | null>`${employees.firstName} || ' ' || ${employees.lastName}`,
    })
    .from(documentTemplates)
    .leftJoin(employees, eq(employees.id, documentTemplates.createdBy))
    .where(eq(documentTemplates.type, input.type))
    .orderBy(desc(documentTemplates.version));
  const [own] = await ctx.db
    .select({ has: sql<boolean>`${documentTemplates.logo} IS NOT NULL` })
    .from(documentTemplates)
    .where(eq(documentTemplates.type, input.type))
    .orderBy(desc(documentTemplates.version))
    .limit(1);
  return {
    type: input.type,
    version: t.version,
    settings: t.settings,
    ownLogo: own?.has ?? false,
    optionalColumns: OPTIONAL_COLUMNS[input.type],
    versions,
  };
}

/** Saves the settings as the type's next version; the version number is taken under a lock on the type. */
export async function saveTemplate(ctx: DomainContext<Db>, input: SaveTemplateInput): Promise<{ version: number }> {
  requirePermission(ctx.actor, "settings", "manage");
  const settings = checkSettings(input.type, input.settings);
  const logo = input.logoDataUrl ? parseLogoDataUrl(input.logoDataUrl) : null;
  return ctx.db.transaction(async (tx) => {
    // Two saves at once must not both take version n+1 (the unique constraint would refuse one).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('document_templates:' || ${input.type}))`);
    const [prev] = await tx
      .select({ version: documentTemplates.version, logo: documentTemplates.logo, logoMime: documentTemplates.logoMime })
      .from(documentTemplates)
      .where(eq(documentTemplates.type, input.type))
      .orderBy(desc(documentTemplates.version))
      .limit(1);
    const version = (prev?.version ?? 0) + 1;
    const kept = input.logoDataUrl === undefined ? { logo: prev?.logo ?? null, logoMime: prev?.logoMime ?? null } : null;
    const [row] = await tx
      .insert(documentTemplates)
      .values({
        type: input.type,
        version,
        settings,
        logo: kept ? kept.logo : (logo?.bytes ?? null),
        logoMime: kept ? kept.logoMime : (logo?.mime ?? null),
        createdBy: ctx.actor.employeeId,
      })
      .returning({ id: documentTemplates.id });
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "document_template.save",
      targetType: "document_template",
      targetId: row!.id,
      ip: ctx.ip,
      details: { type: input.type, version, logo: kept ? "kept" : logo ? "own" : "institution" },
    });
    return { version };
  });
}
