import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { MESSAGES } from "./messages";

export const LOCALES = ["et", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** Estonian unless the person chose English (a cookie, so links and bookmarks stay the same). */
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale: Locale = chosen === "en" ? "en" : "et";
  return {
    locale,
    messages: MESSAGES[locale],
    timeZone: "Europe/Tallinn",
  };
});
