import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { Providers } from "@/components/trpc/provider";
import { pickNamespaces, SHELL_NAMESPACES } from "@/i18n/namespaces";

/**
 * What the signed-in pages' client components need: the shell's texts and the tRPC and query
 * clients. Each section's pages get their own texts below it (SectionMessages). The root layout
 * gives the sign-in and offline pages only their own texts, so those pages load neither the
 * app's texts nor the tRPC client.
 */
export async function AppProviders({ children }: { children: ReactNode }) {
  return (
    <NextIntlClientProvider messages={pickNamespaces(await getMessages(), SHELL_NAMESPACES)}>
      <Providers>{children}</Providers>
    </NextIntlClientProvider>
  );
}
