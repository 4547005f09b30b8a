import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { VatRatesAdmin } from "@/components/catalogue/vat-rates-admin";
import { currentActor } from "@/server/auth/current-actor";
import { can } from "@/server/policy/policy";
import { NoAccess } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("vatRates"))("title") };
}

/** Everyone signed in may read the VAT rates; catalogue:manage may change them. */
export default async function VatRatesPage() {
  const actor = await currentActor();
  if (!actor) return <NoAccess />;
  return <VatRatesAdmin canManage={can(actor, "catalogue", "manage")} />;
}
