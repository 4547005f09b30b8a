import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FundingSourcesAdmin } from "@/components/catalogue/funding-sources-admin";
import { currentActor } from "@/server/auth/current-actor";
import { can } from "@/server/policy/policy";
import { NoAccess } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("catalogue.fundingSources"))("title") };
}

/** Everyone signed in may read the catalogue; catalogue:manage may change it. */
export default async function FundingSourcesPage() {
  const actor = await currentActor();
  if (!actor) return <NoAccess />;
  return <FundingSourcesAdmin canManage={can(actor, "catalogue", "manage")} />;
}
