import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { MySessions } from "@/components/account/my-sessions";
import { hasPassword } from "@/server/auth/account";
import { currentActor } from "@/server/auth/current-actor";
import { db } from "@/server/db/client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage() {
  const actor = await currentActor();
  if (!actor) return null; // the layout has sent them to sign-in already
  const t = await getTranslations("account");
  return (
    <>
      <h1>{t("title")}</h1>
      <section className="panel" aria-labelledby="password-title" style={{ maxWidth: "32rem" }}>
        <h2 id="password-title">{t("passwordTitle")}</h2>
        {(await hasPassword(db(), actor.employeeId)) ? <ChangePasswordForm /> : <p>{t("eidOnly")}</p>}
      </section>
      <MySessions />
    </>
  );
}
