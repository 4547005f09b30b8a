import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("offline");
  return { title: t("title") };
}

/**
 * What the service worker shows when a page cannot be reached. It holds no data and works
 * without scripts: "try again" is a plain link to the address the person wanted.
 */
export default async function OfflinePage() {
  const t = await getTranslations("offline");
  return (
    <main className="login">
      <div className="card" role="alert">
        <h1>{t("title")}</h1>
        <p>{t("body")}</p>
        <a className="btn" href="">
          {t("retry")}
        </a>
      </div>
    </main>
  );
}
