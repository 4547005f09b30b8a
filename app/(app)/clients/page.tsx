import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientList } from "@/components/clients/client-list";
import { DueList } from "@/components/documents/due-list";
import { can, scopeOf } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("clients"))("title") };
}

export default async function ClientsPage() {
  const actor = await pageActor("clients", "read");
  if (!actor) return <NoAccess />;
  const createScope = scopeOf(actor, "clients", "create");
  return (
    <>
      {can(actor, "clients", "read_clinical") ? <DueList /> : null}
      <ClientList canCreate={can(actor, "clients", "create")} canPickCaseManager={createScope !== null && createScope !== "own"} />
    </>
  );
}
