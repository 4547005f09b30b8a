import { getTranslations } from "next-intl/server";
import { currentActor } from "@/server/auth/current-actor";
import { can } from "@/server/policy/policy";
import type { Resource } from "@/server/policy/permissions";

/** The actor when they hold the permission a page needs; null when the page must say no. */
export async function pageActor(resource: Resource, action: string) {
  const actor = await currentActor();
  return actor && can(actor, resource, action) ? actor : null;
}

export async function NoAccess() {
  const t = await getTranslations("errors");
  return (
    <div className="panel" role="alert">
      <h1>{t("noAccessTitle")}</h1>
      <p>{t("noAccess")}</p>
    </div>
  );
}
