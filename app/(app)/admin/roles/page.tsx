import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RolesAdmin } from "@/components/admin/roles-admin";
import { can } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("roles"))("title") };
}

export default async function RolesPage() {
  const actor = await pageActor("roles", "read");
  if (!actor) return <NoAccess />;
  return <RolesAdmin canManage={can(actor, "roles", "manage")} />;
}
