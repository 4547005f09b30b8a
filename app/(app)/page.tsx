import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { visibleNav } from "@/components/shell/nav";
import { currentActor } from "@/server/auth/current-actor";

export default async function HomePage() {
  const actor = await currentActor();
  const t = await getTranslations("home");
  const tn = await getTranslations("nav");
  const items = actor ? visibleNav(actor.permissions.keys()).filter((i) => i.href !== "/") : [];
  return (
    <>
      <h1>{t("greeting", { name: actor?.firstName ?? "" })}</h1>
      {items.length === 0 ? (
        <p className="panel">{t("nothingYet")}</p>
      ) : (
        <div className="cards">
          {items.map((item) => (
            <Link key={item.href} href={item.href}>
              <strong>{tn(item.labelKey)}</strong>
              <span>{t(`describe.${item.labelKey}`)}</span>
            </Link>
          ))}
        </div>
      )}
    </>
  );
}
