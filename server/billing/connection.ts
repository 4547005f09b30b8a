import { eq } from "drizzle-orm";
import { eFinancialsSettings } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { env } from "@/server/env";
import { invalid } from "@/server/errors";
import type { DomainContext } from "@/server/domain-context";
import { apiAddress, type ConnectionInput } from "./schemas";

export { E_FINANCIALS_URLS } from "./schemas";
export type { ConnectionInput } from "./schemas";

async function row(db: DbOrTx) {
  const [settings] = await db.select().from(eFinancialsSettings).where(eq(eFinancialsSettings.id, 1));
  if (!settings) throw new Error("e_financials_settings row missing: migrations not applied");
  return settings;
}

/** The settings as the page shows them: never the password, only whether one is set. */
export async function getConnection(db: DbOrTx) {
  const { apiPassword, ...rest } = await row(db);
  return { ...rest, hasPassword: apiPassword.length > 0, configured: isComplete({ ...rest, apiPassword }) };
}

const isComplete = (s: { baseUrl: string; apiKeyId: string; apiPublicValue: string; apiPassword: string }) =>
  Boolean(s.baseUrl && s.apiKeyId && s.apiPublicValue && s.apiPassword);

/**
 * The credentials for sending, or a refusal that says what to configure: the key id, the
 * public value and the password come from the API user made in e-Financials.
 */
export async function connectionForSending(db: DbOrTx) {
  const s = await row(db);
  const missing = !s.apiKeyId
    ? "apiKeyId"
    : !s.apiPublicValue
      ? "apiPublicValue"
      : !s.apiPassword
        ? "apiPassword"
        : !s.baseUrl
          ? "baseUrl"
          : null;
  if (missing) {
    throw invalid(
      missing,
      "billingErrors.eFinancialsNotConfigured",
      `e-Financials is not configured: set ${missing} under Arved → e-arveldaja`,
      { field: missing },
    );
  }
  return {
    baseUrl: s.baseUrl,
    apiKeyId: s.apiKeyId,
    apiPublicValue: s.apiPublicValue,
    apiPassword: s.apiPassword,
    creditInvoiceType: env().E_FINANCIALS_CREDIT_INVOICE_TYPE,
  };
}

/** Saves the connection; a null password keeps the stored one. Audited without the secret. */
export async function saveConnection({ db, actor, ip }: DomainContext<Db>, input: ConnectionInput) {
  const url = apiAddress(input.baseUrl);
  if (!url) throw invalid("baseUrl", "billingErrors.baseUrlInvalid", "Give the API address with https, e.g. https://rmp-api.rik.ee/v1");
  await db.transaction(async (tx) => {
    await tx
      .update(eFinancialsSettings)
      .set({
        mode: input.mode,
        baseUrl: url.toString().replace(/\/$/, ""),
        apiKeyId: input.apiKeyId.trim(),
        apiPublicValue: input.apiPublicValue.trim(),
        ...(input.apiPassword !== null ? { apiPassword: input.apiPassword } : {}),
        updatedAt: new Date(),
      })
      .where(eq(eFinancialsSettings.id, 1));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "settings.eFinancials",
      targetType: "settings",
      targetId: null,
      ip,
      details: { mode: input.mode, baseUrl: url.toString(), apiKeyId: input.apiKeyId.trim(), passwordChanged: input.apiPassword !== null },
    });
  });
  return getConnection(db);
}
