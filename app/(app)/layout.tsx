import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppProviders } from "@/components/shell/app-providers";
import { AppShell } from "@/components/shell/app-shell";
import { visibleNav } from "@/components/shell/nav";
import { currentSession } from "@/server/auth/current-actor";
import { db } from "@/server/db/client";
import { getInstitution } from "@/server/settings/institution";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const current = await currentSession();
  // An expired or revoked session or a deactivated person goes back to sign-in.
  if (!current) redirect("/login");
  // A one-time password from an administrator opens nothing but the password change.
  if (current.session.mustChangePassword) redirect("/password");
  const { actor } = current;
  const institution = await getInstitution(db());
  return (
    <AppProviders>
      <AppShell
        nav={visibleNav(actor.permissions.keys())}
        personName={`${actor.firstName} ${actor.lastName}`}
        institutionName={institution.legalName}
        hasLogo={institution.hasLogo}
      >
        {children}
      </AppShell>
    </AppProviders>
  );
}
