"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { ServiceRows } from "./service-rows";
import { FormActions } from "@/components/ui/editing";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { casePlanForm, type CasePlanSubmission, type CasePlanValues } from "@/server/funding/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextArea } from "@/components/ui/field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
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
  const [editing, setEditing] = useState<CasePlanValues | null>(null);
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
                decisionId,
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
          <div className="table-frame">
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
        </div>
      )}
      <Dialog open={editing !== null} title={data?.exists ? t("edit") : t("create")} onClose={() => setEditing(null)}>
        {editing ? (
          <CasePlanForm
            initial={editing}
            serverError={formError}
            busy={save.isPending}
            onSubmit={(plan) => save.mutate(plan)}
            onCancel={() => setEditing(null)}
          />
        ) : null}
      </Dialog>
    </>
  );
}

/**
 * The case plan's goals and soft limits, checked with the procedure's own schema (casePlanForm):
 * a row without a service, a volume that is not a positive number or a service listed twice is
 * refused on its row before anything is sent; a refusal from the server keeps what was typed.
 */
function CasePlanForm({
  initial,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: CasePlanValues;
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (plan: CasePlanSubmission) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("clients.plan");
  const trpc = useTRPC();
  const services = useQuery(trpc.catalogue.services.list.queryOptions({ activeOnly: true }));
  const resolver = useSchemaResolver(casePlanForm);
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<CasePlanValues, unknown, CasePlanSubmission>({ defaultValues: initial, resolver });
  const rows = useFieldArray({ control, name: "items" });
  const server = serverError?.fields ?? {};
  // A row's refusal names its row: "Choose the service on row 2", the volume beside its field.
  const serviceError = (i: number) => {
    const e = errors.items?.[i]?.serviceId;
    if (e) return e.type === "custom" ? e.message : t("serviceRequired", { row: i + 1 });
    return server[`items.${i}.serviceId`];
  };
  const unitsError = (i: number) => (errors.items?.[i]?.plannedUnits || server[`items.${i}.plannedUnits`] ? t("volumeInvalid") : undefined);
  const itemsError = errors.items?.message ?? errors.items?.root?.message ?? server.items;
  const general = serverError && Object.keys(serverError.fields).length === 0 ? serverError.message : null;
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      {general ? <Alert kind="error">{general}</Alert> : null}
      <TextArea label={t("goals")} rows={4} error={errors.goals?.message ?? server.goals} {...register("goals")} />
      <ServiceRows
        rows={rows.fields}
        services={services.data ?? []}
        labels={{ service: t("service"), chooseService: t("chooseService"), units: t("planned"), remove: t("removeRow") }}
        serviceInput={(i) => register(`items.${i}.serviceId`)}
        unitsInput={(i) => register(`items.${i}.plannedUnits`)}
        serviceError={serviceError}
        unitsError={unitsError}
        listError={itemsError}
        onRemove={rows.remove}
      />
      <button type="button" className="btn secondary" onClick={() => rows.append({ serviceId: "", plannedUnits: "" })}>
        {t("addService")}
      </button>
      <FormActions onCancel={onCancel} busy={busy} />
    </form>
  );
}
