import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EmployeesAdmin } from "@/components/admin/employees-admin";
import { can } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("employees"))("title") };
}

export default async function EmployeesPage() {
  const actor = await pageActor("employees", "read");
  if (!actor) return <NoAccess />;
  return <EmployeesAdmin canManage={can(actor, "employees", "manage")} canAssignRoles={can(actor, "roles", "manage")} />;
}
