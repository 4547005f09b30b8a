"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useId, type ReactNode } from "react";
import { indent, treeOrder } from "@/components/admin/unit-options";
import { useTRPC } from "@/components/trpc/client";
import { PRESETS, presetOf, presetPeriod, type Filters, type Preset } from "./period";
import { useLocalName } from "@/components/ui/use-local-name";
import { DateInput } from "@/components/ui/entry-input";

/**
 * The filters every report shares: a period (presets or two days), a unit subtree, funder,
 * service and employee. Only the units and employees the viewer's reports reach are offered;
 * the server checks again. `fieldErrors` names the field a refusal was about.
 */
export function FilterBar({
  filters,
  onChange,
  fieldErrors,
  employee = true,
  children,
}: {
  filters: Filters;
  onChange: (next: Partial<Filters>) => void;
  fieldErrors: Record<string, string>;
  /** Off for the reports whose figures are not anybody's work (income, receivables, decisions). */
  employee?: boolean;
  children?: ReactNode;
}) {
  const t = useTranslations("reports.filters");
  const localName = useLocalName();
  const locale = useLocale();
  const trpc = useTRPC();
  const options = useQuery(trpc.reports.options.queryOptions());
  const uid = useId();
  const preset = presetOf(filters);
  const o = options.data;
  const error = (field: string) =>
    fieldErrors[field] ? (
      <span className="error" id={`${uid}-${field}-error`}>
        {fieldErrors[field]}
      </span>
    ) : null;
  const described = (field: string) => (fieldErrors[field] ? { "aria-invalid": true, "aria-describedby": `${uid}-${field}-error` } : {});
  return (
    <fieldset className="report-filters panel">
      <legend>{t("legend")}</legend>
      <div className="field">
        <label htmlFor={`${uid}-preset`}>{t("preset")}</label>
        <select
          id={`${uid}-preset`}
          value={preset}
          onChange={(e) => e.target.value !== "custom" && onChange(presetPeriod(e.target.value as Preset))}
        >
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`presets.${p}`)}
            </option>
          ))}
          <option value="custom">{t("presets.custom")}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-from`}>{t("from")}</label>
        <DateInput
          id={`${uid}-from`}
          value={filters.from}
          required
          onChange={(from) => from && onChange({ from })}
          {...described("from")}
        />
        {error("from")}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-to`}>{t("to")}</label>
        <DateInput id={`${uid}-to`} value={filters.to} required onChange={(to) => to && onChange({ to })} {...described("to")} />
        {error("to")}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-unit`}>{t("unit")}</label>
        <select
          id={`${uid}-unit`}
          value={filters.unitId ?? ""}
          onChange={(e) => onChange({ unitId: e.target.value || null })}
          {...described("unitId")}
        >
          <option value="">{o?.scope === "all" ? t("wholeInstitution") : t("allUnits")}</option>
          {treeOrder(o?.units ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {indent(u.depth)}
              {localName(u)}
            </option>
          ))}
        </select>
        {error("unitId")}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-funder`}>{t("funder")}</label>
        <select
          id={`${uid}-funder`}
          value={filters.fundingSourceId ?? ""}
          onChange={(e) => onChange({ fundingSourceId: e.target.value || null })}
          {...described("fundingSourceId")}
        >
          <option value="">{t("allFunders")}</option>
          {(o?.funders ?? []).map((f) => (
            <option key={f.id} value={f.id}>
              {localName(f)}
            </option>
          ))}
        </select>
        {error("fundingSourceId")}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-service`}>{t("service")}</label>
        <select
          id={`${uid}-service`}
          value={filters.serviceId ?? ""}
          onChange={(e) => onChange({ serviceId: e.target.value || null })}
          {...described("serviceId")}
        >
          <option value="">{t("allServices")}</option>
          {(o?.services ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} {locale === "en" ? s.nameEn : s.nameEt}
            </option>
          ))}
        </select>
        {error("serviceId")}
      </div>
      {employee ? (
        <div className="field">
          <label htmlFor={`${uid}-employee`}>{t("employee")}</label>
          <select
            id={`${uid}-employee`}
            value={filters.employeeId ?? ""}
            onChange={(e) => onChange({ employeeId: e.target.value || null })}
            {...described("employeeId")}
          >
            <option value="">{t("allEmployees")}</option>
            {(o?.employees ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {error("employeeId")}
        </div>
      ) : null}
      {children}
    </fieldset>
  );
}
