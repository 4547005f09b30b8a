import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ServiceWorker } from "@/components/shell/connectivity";
import { pickNamespaces, ROOT_NAMESPACES } from "@/i18n/namespaces";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return { title: { default: t("name"), template: `%s · ${t("name")}` } };
}

export const viewport: Viewport = { themeColor: "#1f5fae" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const messages = await getMessages();
  return (
    <html lang={locale}>
      <body>
        {/* Only what the pages outside the app need (sign-in, offline): the app's shell and each of
            its sections provide their own (i18n/namespaces.ts). */}
        <NextIntlClientProvider messages={pickNamespaces(messages, ROOT_NAMESPACES)}>
          {children}
          <ServiceWorker />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
