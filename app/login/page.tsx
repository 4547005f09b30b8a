import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/auth/login-form";
import { LanguageSwitch } from "@/components/shell/language-switch";
import { safeLocalPath } from "@/lib/safe-path";
import { currentActor } from "@/server/auth/current-actor";
import { db } from "@/server/db/client";
import { env, oidcConfigured } from "@/server/env";
import { getInstitution } from "@/server/settings/institution";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const next = safeLocalPath(params.next);
  if (await currentActor()) redirect(next);
  const t = await getTranslations("login");
  const institution = await getInstitution(db());
  const e = env();
  // Auth.js reports its own refusals as ?error=CredentialsSignin&code=…; eID refusals come as ?error=eid-….
  const initialError = params.code ?? (params.error && params.error !== "CredentialsSignin" ? params.error : null);
  return (
    <main className="login">
      <div className="card">
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
          <p style={{ margin: 0, color: "var(--muted)" }}>{institution.legalName || t("newInstallation")}</p>
          <LanguageSwitch />
        </div>
        <h1>{t("title")}</h1>
        <LoginForm
          eid={oidcConfigured(e)}
          password={e.PASSWORD_SIGN_IN === "on"}
          eidName={e.OIDC_NAME}
          initialError={initialError}
          next={next}
        />
      </div>
    </main>
  );
}
