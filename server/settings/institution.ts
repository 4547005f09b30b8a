import { eq } from "drizzle-orm";
import { institutionSettings } from "@/db/schema";
import { isValidIban, isValidRegistryCode, isValidVatNumber } from "@/lib/identifiers";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { invalid } from "@/server/errors";
import type { DomainContext } from "@/server/domain-context";

export type InstitutionInput = {
  legalName: string;
  registryCode: string | null;
  address: string;
  iban: string | null;
  vatNumber: string | null;
  email: string | null;
  phone: string | null;
  timeZone: string;
  invoiceSeriesPrefix: string;
  paymentTermDays: number;
};

export const LOGO_MAX_BYTES = 512 * 1024;
/** The types pdfkit can place on the invoice, each with the bytes its files start with. */
const LOGO_SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  "image/png": (b) =>
    b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) &&
    b.subarray(12, 16).toString("latin1") === "IHDR",
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

export async function getInstitution(db: DbOrTx) {
  const [row] = await db.select().from(institutionSettings).where(eq(institutionSettings.id, 1));
  if (!row) throw new Error("institution_settings row missing: migrations not applied");
  const { logo, ...rest } = row;
  return { ...rest, hasLogo: logo !== null };
}

export async function getInstitutionLogo(db: DbOrTx) {
  const [row] = await db.select({ logo: institutionSettings.logo, mime: institutionSettings.logoMime }).from(institutionSettings);
  return row?.logo ? { bytes: row.logo, mime: row.mime ?? "image/png" } : null;
}

const blankToNull = (v: string | null) => (v && v.trim() ? v.trim() : null);

function normalise(input: InstitutionInput): InstitutionInput {
  const registryCode = blankToNull(input.registryCode);
  const iban = blankToNull(input.iban)?.replace(/\s+/g, "").toUpperCase() ?? null;
  const vatNumber = blankToNull(input.vatNumber)?.replace(/\s+/g, "").toUpperCase() ?? null;
  if (!input.legalName.trim()) throw invalid("legalName", "errors.required", "The legal name is required");
  if (registryCode && !isValidRegistryCode(registryCode)) {
    throw invalid("registryCode", "errors.registryCodeInvalid", `Invalid registry code ${registryCode}`, { code: registryCode });
  }
  if (iban && !isValidIban(iban)) throw invalid("iban", "errors.ibanInvalid", `Invalid IBAN ${iban}`);
  if (vatNumber && !isValidVatNumber(vatNumber))
    throw invalid("vatNumber", "errors.vatNumberInvalid", "A VAT number is EE and nine digits");
  if (!Intl.supportedValuesOf("timeZone").includes(input.timeZone)) {
    throw invalid("timeZone", "errors.timeZoneUnknown", `Unknown time zone ${input.timeZone}`);
  }
  if (!/^[A-Z0-9-]{1,10}$/.test(input.invoiceSeriesPrefix)) {
    throw invalid("invoiceSeriesPrefix", "errors.invoiceSeriesFormat", "Use 1-10 capital letters, digits or -");
  }
  if (!Number.isInteger(input.paymentTermDays) || input.paymentTermDays < 0 || input.paymentTermDays > 365) {
    throw invalid("paymentTermDays", "errors.paymentTermRange", "The payment term is 0 to 365 days");
  }
  return {
    ...input,
    legalName: input.legalName.trim(),
    address: input.address.trim(),
    registryCode,
    iban,
    vatNumber,
    email: blankToNull(input.email),
    phone: blankToNull(input.phone),
  };
}

export async function updateInstitution({ db, actor, ip }: DomainContext<Db>, input: InstitutionInput) {
  const values = normalise(input);
  await db.transaction(async (tx) => {
    await tx
      .update(institutionSettings)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(institutionSettings.id, 1));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "settings.update",
      targetType: "settings",
      targetId: "institution",
      ip,
      details: { ...values },
    });
  });
}

/** A logo sent as a data URL, checked to be a PNG or JPEG of at most 512 KB (also for document templates). */
export function parseLogoDataUrl(dataUrl: string): { bytes: Buffer; mime: string } {
  const match = /^data:([a-z/+-]+);base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  const isType = match ? LOGO_SIGNATURES[match[1]!] : undefined;
  if (!match || !isType) throw invalid("logo", "errors.logoType", "The logo must be a PNG or JPEG image");
  const bytes = Buffer.from(match[2]!, "base64");
  // The declared type is the browser's guess from the file name; the bytes must agree.
  if (!isType(bytes)) throw invalid("logo", "errors.logoType", "The logo file is not a PNG or JPEG image");
  if (bytes.length > LOGO_MAX_BYTES) {
    throw invalid("logo", "errors.logoTooLarge", "The logo may be at most 512 KB", { maxKb: 512 });
  }
  return { bytes, mime: match[1]! };
}

/** Stores a logo given as a data URL; null removes it. */
export async function setInstitutionLogo({ db, actor, ip }: DomainContext<Db>, { dataUrl }: { dataUrl: string | null }) {
  const parsed = dataUrl === null ? null : parseLogoDataUrl(dataUrl);
  const bytes = parsed?.bytes ?? null;
  const mime = parsed?.mime ?? null;
  await db.transaction(async (tx) => {
    await tx.update(institutionSettings).set({ logo: bytes, logoMime: mime, updatedAt: new Date() }).where(eq(institutionSettings.id, 1));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: bytes ? "settings.logo_set" : "settings.logo_remove",
      targetType: "settings",
      targetId: "institution",
      ip,
      details: { bytes: bytes?.length ?? 0, mime },
    });
  });
}
