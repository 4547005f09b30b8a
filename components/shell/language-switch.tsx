"use client";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";

/** Estonian first, English second; the choice is kept in a cookie for a year. */
export function LanguageSwitch() {
  const locale = useLocale();
  const router = useRouter();
  const t = useTranslations("common");
  const choose = (next: string) => {
    document.cookie = `NEXT_LOCALE=${next}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  };
  return (
    <div className="lang-switch" role="group" aria-label={t("language")}>
      <button type="button" lang="et" aria-pressed={locale === "et"} onClick={() => choose("et")}>EST</button>
      <button type="button" lang="en" aria-pressed={locale === "en"} onClick={() => choose("en")}>ENG</button>
    </div>
  );
}
