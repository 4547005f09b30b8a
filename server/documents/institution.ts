import type { DbOrTx } from "@/server/db/client";
import { getInstitution, getInstitutionLogo } from "@/server/settings/institution";
import type { Logo } from "./layout";

/** The institution as a document's header shows it: its name, then registry code and address. */
export async function institutionLines(db: DbOrTx): Promise<string[]> {
  const i = await getInstitution(db);
  return [
    i.legalName,
    i.registryCode ? `Registrikood ${i.registryCode}` : "",
    i.address,
    [i.email, i.phone].filter(Boolean).join(", "),
  ].filter((l) => l.length > 0);
}

export async function institutionLogo(db: DbOrTx): Promise<Logo | null> {
  const logo = await getInstitutionLogo(db);
  return logo ? { data: logo.bytes, mime: logo.mime } : null;
}
