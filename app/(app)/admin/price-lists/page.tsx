import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PriceListsAdmin } from "@/components/catalogue/price-lists-admin";
import { currentActor } from "@/server/auth/current-actor";
import { can } from "@/server/policy/policy";
import { NoAccess } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("catalogue.priceLists"))("title") };
}

/** Everyone signed in may read the price lists; catalogue:manage may change them. */
export default async function PriceListsPage() {
  const actor = await currentActor();
  if (!actor) return <NoAccess />;
  return <PriceListsAdmin canManage={can(actor, "catalogue", "manage")} />;
}
