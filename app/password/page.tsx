import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ForcedPasswordChange } from "@/components/account/forced-password-change";
import { AppProviders } from "@/components/shell/app-providers";
import { LanguageSwitch } from "@/components/shell/language-switch";
import { SectionMessages } from "@/components/shell/section-messages";
import { currentSession } from "@/server/auth/current-actor";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("mustChangeTitle") };
}

/** After an administrator's reset: nothing else opens until the person has chosen a password. */
export default async function PasswordPage() {
  const current = await currentSession();
  if (!current) redirect("/login");
  if (!current.session.mustChangePassword) redirect("/account");
  const t = await getTranslations("account");
  return (
    <main className="login">
      <div className="card">
        <div style={{ display: "flex", justifyContent: "flex-end" }}>
          <LanguageSwitch />
        </div>
        <h1>{t("mustChangeTitle")}</h1>
        <p>{t("mustChange")}</p>
        <AppProviders>
          <SectionMessages section="password">
            <ForcedPasswordChange />
          </SectionMessages>
        </AppProviders>
      </div>
    </main>
  );
}
