"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";

export function CasePlanTab({ clientId, canUpdate }: { clientId: string; canUpdate: boolean }) {
  const t = useTranslations("clients.plan");
  const tl = useTranslations("clients.limits");
  const tc = useTranslations("common");
  const format = useFormat();
  const english = useLocale() === "en";
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const decisions = useQuery(trpc.funding.decisions.list.queryOptions({ clientId }));
  const [chosen, setChosen] = useState("");
  const list = decisions.data ?? [];
  const decisionId = chosen || list.find((d) => d.current)?.id || list.at(-1)?.id || "";
  const plan = useQuery({ ...trpc.funding.casePlan.get.queryOptions({ decisionId }), enabled: Boolean(decisionId) });
  const services = useQuery(trpc.catalogue.services.list.queryOptions({ activeOnly: true }));
  const [editing, setEditing] = useState<{ goals: string; items: { serviceId: string; plannedUnits: string }[] } | null>(null);
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useMutation(
    trpc.funding.casePlan.save.mutationOptions({
      onSuccess: () => {
        setEditing(null);
        setNotice(t("saved"));
        void queryClient.invalidateQueries({ queryKey: trpc.funding.casePlan.get.queryKey({ decisionId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.funding.decisions.list.queryKey({ clientId }) });
      },
      onError: (e) => setFormError(errorText(e)),
    }),
  );
  if (decisions.isPending) return <p>{tc("loading")}</p>;
  if (list.length === 0) return <EmptyState>{t("noDecisions")}</EmptyState>;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!editing) return;
    const items = editing.items
      .filter((i) => i.serviceId)
      .map((i) => ({ serviceId: i.serviceId, plannedUnits: Number(i.plannedUnits.replace(",", ".")) }));
    if (items.some((i) => !(i.plannedUnits > 0))) {
      setFormError({ message: t("volumeInvalid"), fields: { items: t("volumeInvalid") } });
      return;
    }
    save.mutate({ decisionId, goals: editing.goals, items });
  }
  const data = plan.data;
  return (
    <>
      <div className="toolbar">
        <SelectField label={t("period")} name="decision" value={decisionId} onChange={(e) => setChosen(e.target.value)}>
          {list.map((d) => (
            <option key={d.id} value={d.id}>
              {d.fundingKind} {d.decisionNumber} ({format.date(d.startDate)} – {format.date(d.endDate)})
            </option>
          ))}
        </SelectField>
        <span style={{ flex: 1 }} />
        {canUpdate && data ? (
          <button
            type="button"
            className="btn"
            style={{ marginBottom: ".9rem" }}
            onClick={() => {
              setFormError(null);
              setEditing({
                goals: data.goals,
                items: data.items.map((i) => ({ serviceId: i.serviceId, plannedUnits: String(i.plannedUnits) })),
              });
            }}
          >
            {data.exists ? t("edit") : t("create")}
          </button>
        ) : null}
      </div>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {!data ? (
        <p>{tc("loading")}</p>
      ) : !data.exists ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        <div className="panel">
          <h2 style={{ marginTop: 0 }}>{t("goals")}</h2>
          <p style={{ whiteSpace: "pre-wrap" }}>{data.goals || "—"}</p>
          <h2>{t("services")}</h2>
          <p style={{ color: "var(--muted)" }}>{t("softHelp")}</p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("service")}</th>
                <th scope="col">{t("planned")}</th>
                <th scope="col">{t("used")}</th>
                <th scope="col">{t("progress")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.serviceId}>
                  <td>
                    {i.code} {english ? i.nameEn : i.nameEt}
                  </td>
                  <td>
                    {format.number(i.plannedUnits)} {tl(`units.${i.billingUnit}`)}
                  </td>
                  <td>{format.number(i.usedUnits)}</td>
                  <td>
                    <progress
                      max={i.plannedUnits}
                      value={Math.min(i.usedUnits, i.plannedUnits)}
                      aria-label={`${i.code}: ${format.number(i.usedUnits)} / ${format.number(i.plannedUnits)}`}
                    />
                    {i.over ? <span className="badge warn">{t("overPlan")}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={editing !== null} title={data?.exists ? t("edit") : t("create")} onClose={() => setEditing(null)}>
        {editing ? (
          <form onSubmit={submit} noValidate>
            {formError ? <Alert kind="error">{formError.message}</Alert> : null}
            <TextArea
              label={t("goals")}
              name="goals"
              rows={4}
              value={editing.goals}
              onChange={(e) => setEditing({ ...editing, goals: e.target.value })}
            />
            {editing.items.map((item, i) => (
              <div className="row-inputs" key={i}>
                <SelectField
                  label={t("service")}
                  name={`plan-service-${i}`}
                  value={item.serviceId}
                  onChange={(e) =>
                    setEditing({ ...editing, items: editing.items.map((x, j) => (j === i ? { ...x, serviceId: e.target.value } : x)) })
                  }
                >
                  <option value="">{t("chooseService")}</option>
                  {(services.data ?? []).map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.code} {s.nameEt}
                    </option>
                  ))}
                </SelectField>
                <TextField
                  label={t("planned")}
                  name={`plan-units-${i}`}
                  inputMode="decimal"
                  value={item.plannedUnits}
                  onChange={(e) =>
                    setEditing({ ...editing, items: editing.items.map((x, j) => (j === i ? { ...x, plannedUnits: e.target.value } : x)) })
                  }
                />
                <button
                  type="button"
                  className="btn link"
                  style={{ marginBottom: ".9rem" }}
                  onClick={() => setEditing({ ...editing, items: editing.items.filter((_, j) => j !== i) })}
                >
                  {t("removeRow")}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="btn secondary"
              onClick={() => setEditing({ ...editing, items: [...editing.items, { serviceId: "", plannedUnits: "" }] })}
            >
              {t("addService")}
            </button>
            <div className="actions">
              <button type="button" className="btn secondary" onClick={() => setEditing(null)}>
                {tc("cancel")}
              </button>
              <button type="submit" className="btn" disabled={save.isPending}>
                {tc("save")}
              </button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </>
  );
}
