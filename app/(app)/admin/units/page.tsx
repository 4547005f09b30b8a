import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { UnitsAdmin } from "@/components/admin/units-admin";
import { can, scopeOf } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("units"))("title") };
}

export default async function UnitsPage() {
  const actor = await pageActor("units", "read");
  if (!actor) return <NoAccess />;
  return <UnitsAdmin canCreateRoot={scopeOf(actor, "units", "manage") === "all"} canPickHead={can(actor, "employees", "read")} />;
}
