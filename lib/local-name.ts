/**
 * Catalogue data (work types, units, funding sources) is named in Estonian and may have an
 * English name. The English UI shows the English one, or the Estonian name while none is given.
 */
export function localName(locale: string, et: string, en: string | null | undefined): string {
  return locale === "en" && en ? en : et;
}
