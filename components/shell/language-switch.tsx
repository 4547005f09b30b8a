"use client";
import { usePathname } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";

/**
 * Estonian first, English second; the choice is kept in a cookie for a year. A native form, so
 * it works from the first moment the page is shown, before any script has run.
 */
export function LanguageSwitch() {
  const locale = useLocale();
  const t = useTranslations("common");
  const pathname = usePathname();
  return (
    // A named form (a landmark of its own); role="group" is not allowed on a form (axe: aria-allowed-role).
    <form method="get" action="/api/locale" className="lang-switch" aria-label={t("language")}>
      <input type="hidden" name="next" value={pathname} />
      <button type="submit" name="set" value="et" lang="et" aria-pressed={locale === "et"}>
        EST
      </button>
      <button type="submit" name="set" value="en" lang="en" aria-pressed={locale === "en"}>
        ENG
      </button>
    </form>
  );
}
