import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { ClientRecord } from "@/components/clients/client-record";
import { TABS, type Tab } from "@/components/clients/tabs";
import { NoAccess, pageActor } from "../../page-guard";
import { HydrateClient, prefetch } from "../../prefetch";
import { isUuid } from "@/lib/schemas";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("clients"))("recordTitle") };
}

export default async function ClientPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  if (!(await pageActor("clients", "read"))) return <NoAccess />;
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const { tab } = await searchParams;
  const current: Tab = (TABS as readonly string[]).includes(tab ?? "") ? (tab as Tab) : "overview";
  await prefetch((trpc, client) => [
    client.prefetchQuery(trpc.clients.get.queryOptions({ clientId: id })),
    ...(current === "funding" || current === "plan"
      ? [client.prefetchQuery(trpc.funding.decisions.list.queryOptions({ clientId: id }))]
      : []),
  ]);
  return (
    <HydrateClient>
      <ClientRecord key={id} clientId={id} tab={current} />
    </HydrateClient>
  );
}
