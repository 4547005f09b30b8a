import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { sectionMessages, type Section } from "@/i18n/namespaces";

/** The texts a section's client components use (i18n/namespaces.ts), below the shell's. */
export async function SectionMessages({ section, children }: { section: Section; children: ReactNode }) {
  return <NextIntlClientProvider messages={sectionMessages(await getMessages(), section)}>{children}</NextIntlClientProvider>;
}
