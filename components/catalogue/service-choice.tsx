"use client";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";

type Service = { id: string };

/**
 * A service picker's options: the likely services first (a decision's price list, a
 * specialist's specialties), the rest only after "Näita kõiki". It narrows what is offered, not
 * what is allowed: the server still decides. Without anything likely, everything is offered.
 */
export function useServiceChoice<S extends Service>(
  all: S[],
  preferredIds: readonly string[] | null,
  selectedId: string,
  render: (s: S) => ReactNode,
): { options: ReactNode; toggle: ReactNode } {
  const t = useTranslations("catalogue.choice");
  const [showAll, setShowAll] = useState(false);
  const preferred = new Set(preferredIds ?? []);
  const first = all.filter((s) => preferred.has(s.id));
  const rest = all.filter((s) => !preferred.has(s.id));
  if (first.length === 0 || rest.length === 0) return { options: all.map(render), toggle: null };
  // A chosen service stays listed, so the select never silently changes its value.
  const kept = rest.filter((s) => showAll || s.id === selectedId);
  const options = (
    <>
      <optgroup label={t("likely")}>{first.map(render)}</optgroup>
      {kept.length ? <optgroup label={t("others")}>{kept.map(render)}</optgroup> : null}
    </>
  );
  const toggle = (
    <label className="check">
      <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> {t("showAll", { count: rest.length })}
    </label>
  );
  return { options, toggle };
}
