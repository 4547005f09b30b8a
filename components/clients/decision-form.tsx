"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { centsToInput } from "@/lib/money";
import { euroAmount } from "@/lib/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { SelectField, TextField } from "@/components/ui/field";
import type { ErrorText } from "@/components/ui/use-error-text";

export type DecisionValues = {
  fundingSourceId: string;
  decisionNumber: string;
  decisionDate: string;
  startDate: string;
  endDate: string;
  targetGroup: string;
  periodCap: string;
  yearlyCap: string;
  monthlyCap: string;
  serviceLimits: { serviceId: string; maxUnits: string }[];
};

export const EMPTY_DECISION: DecisionValues = {
  fundingSourceId: "",
  decisionNumber: "",
  decisionDate: "",
  startDate: "",
  endDate: "",
  targetGroup: "",
  periodCap: "",
  yearlyCap: "",
  monthlyCap: "",
  serviceLimits: [],
};

export function decisionValues(d: {
  fundingSourceId: string;
  decisionNumber: string;
  decisionDate: string;
  startDate: string;
  endDate: string;
  targetGroup: string;
  periodCapCents: number | null;
  yearlyCapCents: number | null;
  monthlyCapCents: number | null;
  serviceLimits: { serviceId: string; maxUnits: number }[];
}): DecisionValues {
  const money = (c: number | null) => (c === null ? "" : centsToInput(c));
  return {
    fundingSourceId: d.fundingSourceId,
    decisionNumber: d.decisionNumber,
    decisionDate: d.decisionDate,
    startDate: d.startDate,
    endDate: d.endDate,
    targetGroup: d.targetGroup,
    periodCap: money(d.periodCapCents),
    yearlyCap: money(d.yearlyCapCents),
    monthlyCap: money(d.monthlyCapCents),
    serviceLimits: d.serviceLimits.map((l) => ({ serviceId: l.serviceId, maxUnits: String(l.maxUnits) })),
  };
}

export type DecisionPayload = {
  fundingSourceId: string;
  decisionNumber: string;
  decisionDate: string;
  startDate: string;
  endDate: string;
  targetGroup: string;
  periodCapCents: number | null;
  yearlyCapCents: number | null;
  monthlyCapCents: number | null;
  serviceLimits: { serviceId: string; maxUnits: number }[];
};

export function DecisionForm({
  initial,
  isNew,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: DecisionValues;
  isNew: boolean;
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (p: DecisionPayload) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("clients.decisions");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const funders = useQuery(trpc.catalogue.fundingSources.list.queryOptions());
  const services = useQuery(trpc.catalogue.services.list.queryOptions({ activeOnly: true }));
  const [v, setV] = useState(initial);
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (patch: Partial<DecisionValues>) => setV({ ...v, ...patch });
  const err = (f: string) => local[f] ?? serverError?.fields[f];

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const cap = (field: "periodCap" | "yearlyCap" | "monthlyCap") => {
      if (!v[field].trim()) return null;
      // The same money rule the server applies to the cents it receives.
      const parsed = euroAmount.safeParse(v[field]);
      if (!parsed.success) problems[`${field}Cents`] = t("moneyInvalid");
      return parsed.success ? parsed.data : null;
    };
    if (!v.fundingSourceId) problems.fundingSourceId = t("funderRequired");
    if (!v.decisionNumber.trim()) problems.decisionNumber = tc("required");
    for (const f of ["decisionDate", "startDate", "endDate"] as const) if (!v[f]) problems[f] = tc("required");
    if (v.startDate && v.endDate && v.endDate < v.startDate) problems.endDate = t("endBeforeStart");
    const payload: DecisionPayload = {
      fundingSourceId: v.fundingSourceId,
      decisionNumber: v.decisionNumber,
      decisionDate: v.decisionDate,
      startDate: v.startDate,
      endDate: v.endDate,
      targetGroup: v.targetGroup,
      periodCapCents: cap("periodCap"),
      yearlyCapCents: cap("yearlyCap"),
      monthlyCapCents: cap("monthlyCap"),
      serviceLimits: v.serviceLimits
        .filter((l) => l.serviceId)
        .map((l) => ({ serviceId: l.serviceId, maxUnits: Number(l.maxUnits.replace(",", ".")) })),
    };
    if (payload.serviceLimits.some((l) => !(l.maxUnits > 0))) problems.serviceLimits = t("volumeInvalid");
    setLocal(problems);
    if (Object.keys(problems).length === 0) onSubmit(payload);
  }

  const general = serverError && Object.keys(serverError.fields).length === 0 ? serverError.message : null;
  return (
    <form onSubmit={submit} noValidate>
      {general ? <Alert kind="error">{general}</Alert> : null}
      <div className="grid-2">
        <SelectField
          label={t("funder")}
          name="fundingSourceId"
          value={v.fundingSourceId}
          disabled={!isNew}
          onChange={(e) => set({ fundingSourceId: e.target.value })}
          error={err("fundingSourceId")}
        >
          <option value="">{t("chooseFunder")}</option>
          {(funders.data ?? [])
            .filter((f) => f.active || f.id === v.fundingSourceId)
            .map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
        </SelectField>
        <TextField
          label={t("number")}
          name="decisionNumber"
          value={v.decisionNumber}
          onChange={(e) => set({ decisionNumber: e.target.value })}
          error={err("decisionNumber")}
          hint={t("numberHint")}
        />
        <TextField
          label={t("decisionDate")}
          name="decisionDate"
          type="date"
          value={v.decisionDate}
          onChange={(e) => set({ decisionDate: e.target.value })}
          error={err("decisionDate")}
        />
        <TextField
          label={t("targetGroup")}
          name="targetGroup"
          value={v.targetGroup}
          onChange={(e) => set({ targetGroup: e.target.value })}
          list="target-groups"
        />
        <datalist id="target-groups">
          <option value={t("groupAdult")} />
          <option value={t("groupChild")} />
        </datalist>
        <TextField
          label={t("startDate")}
          name="startDate"
          type="date"
          value={v.startDate}
          onChange={(e) => set({ startDate: e.target.value })}
          error={err("startDate")}
        />
        <TextField
          label={t("endDate")}
          name="endDate"
          type="date"
          value={v.endDate}
          onChange={(e) => set({ endDate: e.target.value })}
          error={err("endDate")}
        />
      </div>
      <h3>{t("hardLimits")}</h3>
      <p style={{ color: "var(--muted)", marginTop: 0 }}>{t("hardLimitsHelp")}</p>
      <div className="grid-2">
        <TextField
          label={t("periodCap")}
          name="periodCap"
          inputMode="decimal"
          value={v.periodCap}
          onChange={(e) => set({ periodCap: e.target.value })}
          error={err("periodCapCents")}
          hint={t("euros")}
        />
        <TextField
          label={t("yearlyCap")}
          name="yearlyCap"
          inputMode="decimal"
          value={v.yearlyCap}
          onChange={(e) => set({ yearlyCap: e.target.value })}
          error={err("yearlyCapCents")}
          hint={t("euros")}
        />
        <TextField
          label={t("monthlyCap")}
          name="monthlyCap"
          inputMode="decimal"
          value={v.monthlyCap}
          onChange={(e) => set({ monthlyCap: e.target.value })}
          error={err("monthlyCapCents")}
          hint={t("euros")}
        />
      </div>
      <fieldset className="field" style={{ border: "1px solid var(--line)", borderRadius: 6, padding: ".75rem" }}>
        <legend>{t("serviceLimits")}</legend>
        {v.serviceLimits.length === 0 ? <p style={{ color: "var(--muted)", margin: 0 }}>{t("noServiceLimits")}</p> : null}
        {v.serviceLimits.map((l, i) => (
          <div className="row-inputs" key={i}>
            <SelectField
              label={t("service")}
              name={`service-${i}`}
              value={l.serviceId}
              onChange={(e) => set({ serviceLimits: v.serviceLimits.map((x, j) => (j === i ? { ...x, serviceId: e.target.value } : x)) })}
            >
              <option value="">{t("chooseService")}</option>
              {(services.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.code} {s.nameEt}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t("maxUnits")}
              name={`max-${i}`}
              inputMode="decimal"
              value={l.maxUnits}
              onChange={(e) => set({ serviceLimits: v.serviceLimits.map((x, j) => (j === i ? { ...x, maxUnits: e.target.value } : x)) })}
            />
            <button
              type="button"
              className="btn link"
              style={{ marginBottom: ".9rem" }}
              onClick={() => set({ serviceLimits: v.serviceLimits.filter((_, j) => j !== i) })}
            >
              {t("removeRow")}
            </button>
          </div>
        ))}
        {err("serviceLimits") ? (
          <span className="error" role="alert" style={{ color: "var(--danger)", fontWeight: 600 }}>
            {err("serviceLimits")}
          </span>
        ) : null}
        <div>
          <button
            type="button"
            className="btn secondary"
            onClick={() => set({ serviceLimits: [...v.serviceLimits, { serviceId: "", maxUnits: "" }] })}
          >
            {t("addServiceLimit")}
          </button>
        </div>
      </fieldset>
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onCancel}>
          {tc("cancel")}
        </button>
        <button type="submit" className="btn" disabled={busy}>
          {tc("save")}
        </button>
      </div>
    </form>
  );
}
