"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { indent, treeOrder } from "@/components/admin/unit-options";
import { useTRPC } from "@/components/trpc/client";
import { NO_FILTERS, type BillingFilters } from "./filter-params";

export { filtersFromUrl, filtersToUrl, listInput, NO_FILTERS, type BillingFilters } from "./filter-params";

/** Unit, funder and a client's name or personal code, for both the month's reports and invoices. */
export function BillingFilterBar({ value, onChange }: { value: BillingFilters; onChange: (next: BillingFilters) => void }) {
  const t = useTranslations("billing.filters");
  const trpc = useTRPC();
  const options = useQuery(trpc.billing.months.filterOptions.queryOptions());
  // The search waits until typing pauses, so each key press does not reload both lists.
  const [client, setClient] = useState(value.client);
  useEffect(() => setClient(value.client), [value.client]);
  useEffect(() => {
    if (client === value.client) return;
    const timer = setTimeout(() => onChange({ ...value, client }), 300);
    return () => clearTimeout(timer);
  }, [client, value, onChange]);
  const active = value.unitId || value.fundingSourceId || value.client || value.reportStatus || value.invoiceStatus;
  return (
    <div className="toolbar billing-filters" role="search" aria-label={t("label")}>
      <label>
        {t("unit")}
        <select value={value.unitId ?? ""} onChange={(e) => onChange({ ...value, unitId: e.target.value || null })}>
          <option value="">{t("allUnits")}</option>
          {treeOrder(options.data?.units ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {indent(u.depth)}
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("funder")}
        <select value={value.fundingSourceId ?? ""} onChange={(e) => onChange({ ...value, fundingSourceId: e.target.value || null })}>
          <option value="">{t("allFunders")}</option>
          {(options.data?.funders ?? []).map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("client")}
        <input
          type="search"
          value={client}
          maxLength={100}
          placeholder={t("clientPlaceholder")}
          onChange={(e) => setClient(e.target.value)}
        />
      </label>
      {active ? (
        <button type="button" className="btn link" onClick={() => onChange(NO_FILTERS)}>
          {t("clear")}
        </button>
      ) : null}
    </div>
  );
}

/** A status filter beside one of the lists. */
export function StatusFilter<S extends string>({
  label,
  value,
  statuses,
  text,
  onChange,
}: {
  label: string;
  value: S | null;
  statuses: readonly S[];
  text: (s: S) => string;
  onChange: (s: S | null) => void;
}) {
  const t = useTranslations("billing.filters");
  return (
    <label className="status-filter">
      {label}
      <select value={value ?? ""} onChange={(e) => onChange((e.target.value || null) as S | null)}>
        <option value="">{t("allStatuses")}</option>
        {statuses.map((s) => (
          <option key={s} value={s}>
            {text(s)}
          </option>
        ))}
      </select>
    </label>
  );
}
