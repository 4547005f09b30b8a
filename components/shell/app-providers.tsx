import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";
import { Providers } from "@/components/trpc/provider";

/**
 * What the signed-in pages' client components need: every text of the locale and the tRPC and
 * query clients. The root layout gives the sign-in and offline pages only their own texts, so
 * those pages load neither the whole message catalogue nor the tRPC client.
 */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <NextIntlClientProvider>
      <Providers>{children}</Providers>
    </NextIntlClientProvider>
  );
}
