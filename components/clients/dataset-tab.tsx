"use client";
import { ExportButtons } from "@/components/ui/export-buttons";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { tallinnToday } from "@/lib/tallinn-time";
import { ENTRIES_PAGE, entryForm, type EntrySubmission, type EntryValues } from "@/server/funding/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { DateField, MonthField } from "@/components/ui/entry-field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { useSubmissionKey } from "@/components/ui/use-submission-key";
import { useServiceChoice } from "@/components/catalogue/service-choice";
import { useFormat } from "@/components/ui/use-format";

const FORM_FIELDS = ["decisionId", "serviceId", "serviceDate", "units"];
const today = () => tallinnToday();

/** The client dataset (andmestik): one row per service occasion, with the form to add one. */
export function DatasetTab({ clientId, canAdd }: { clientId: string; canAdd: boolean }) {
  const t = useTranslations("clients.dataset");
  const tl = useTranslations("clients.limits");
  const tc = useTranslations("common");
  const locale = useLocale();
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [month, setMonth] = useState("");
  // Newest first, a page at a time: a client with ten years of history opens as fast as a new one.
  const entries = useInfiniteQuery(
    trpc.funding.entries.list.infiniteQueryOptions(
      { clientId, month: month || undefined, limit: ENTRIES_PAGE },
      { initialCursor: null, getNextPageParam: (last) => (last.length === ENTRIES_PAGE ? last.at(-1)!.id : undefined) },
    ),
  );
  const decisions = useQuery({ ...trpc.funding.decisions.list.queryOptions({ clientId }), enabled: canAdd });
  const services = useQuery({ ...trpc.catalogue.services.list.queryOptions({ activeOnly: true }), enabled: canAdd });
  const me = useQuery(trpc.me.get.queryOptions());
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [result, setResult] = useState<{ text: string; warnings: string[] } | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; label: string } | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.funding.entries.list.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.funding.decisions.list.queryKey({ clientId }) });
  };
  // Sending the same entry again (after an error or a lost answer) cannot enter it twice.
  const submission = useSubmissionKey();
  const create = useMutation(
    trpc.funding.entries.create.mutationOptions({
      onSuccess: (r) => {
        submission.done();
        setFormError(null);
        setResult({
          text: t("added", { amount: format.money(r.amountCents) }),
          warnings: r.warnings.map((w) =>
            t("overPlan", { service: w.serviceCode, planned: w.plannedUnits, used: w.usedUnits, unit: tl(`units.${w.billingUnit}`) }),
          ),
        });
        form.reset(blank());
        refresh();
      },
      onError: (e) => {
        setResult(null);
        setFormError(errorText(e));
      },
    }),
  );
  const remove = useMutation(
    trpc.funding.entries.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        refresh();
      },
      onError: (e) => {
        setDeleting(null);
        setFormError(errorText(e));
      },
    }),
  );
  const open = decisions.data ?? [];
  const current = open.find((d) => d.current) ?? open.at(-1);
  const blank = (): EntryValues => ({
    clientId,
    decisionId: current?.id ?? "",
    serviceId: "",
    serviceDate: today(),
    units: "1",
    specialistId: me.data?.employeeId ?? "",
    description: "",
  });
  // entryInput itself checks the entry before it is sent; the texts for an empty choice stay the form's.
  const resolver = useSchemaResolver(entryForm, {
    decisionId: t("decisionRequired"),
    serviceId: t("serviceRequired"),
    units: t("unitsInvalid"),
  });
  const form = useForm<EntryValues, unknown, EntrySubmission>({ defaultValues: blank(), resolver });
  const chosenDecisionId = form.watch("decisionId");
  const chosenServiceId = form.watch("serviceId");
  const chosenDecision = open.find((d) => d.id === (chosenDecisionId || current?.id));
  // The decision's price list first (no TRT services for an SRT decision); the rest on request.
  const serviceChoice = useServiceChoice(services.data ?? [], chosenDecision?.pricedServiceIds ?? null, chosenServiceId, (s) => (
    <option key={s.id} value={s.id}>
      {s.code} {locale === "en" ? s.nameEn : s.nameEt} ({tl(`units.${s.billingUnit}`)})
    </option>
  ));

  const submit = (entry: EntrySubmission) => {
    setFormError(null);
    create.mutate({ ...entry, idempotencyKey: submission.keyFor(entry) });
  };
  // The lists arrive after the form: the current decision and the signed-in specialist fill in then.
  useEffect(() => {
    if (current && !form.getValues("decisionId")) form.setValue("decisionId", current.id);
  }, [current, form]);
  useEffect(() => {
    if (me.data) form.setValue("specialistId", me.data.employeeId);
  }, [me.data, form]);
  const fieldError = (f: keyof EntryValues) => form.formState.errors[f]?.message ?? formError?.fields[f];

  const rows = entries.data?.pages.flat() ?? [];
  const total = rows.reduce((s, r) => s + r.amountCents, 0);
  // A refusal about one of the form's fields (a limit: beside the units) is said there, once.
  const general =
    formError && !Object.entries(formError.fields).some(([f, m]) => FORM_FIELDS.includes(f) && m === formError.message)
      ? formError.message
      : null;
  return (
    <>
      {canAdd ? (
        <form className="panel" onSubmit={form.handleSubmit(submit)} noValidate aria-labelledby="add-entry">
          <h2 id="add-entry" style={{ marginTop: 0 }}>
            {t("add")}
          </h2>
          {general ? <Alert kind="error">{general}</Alert> : null}
          {result ? <Alert kind="success">{result.text}</Alert> : null}
          {result?.warnings.map((w) => (
            <Alert key={w} kind="info">
              {w}
            </Alert>
          ))}
          {decisions.data && open.length === 0 ? <Alert kind="info">{t("noDecision")}</Alert> : null}
          <div className="grid-2">
            <SelectField label={t("decision")} error={fieldError("decisionId")} {...form.register("decisionId")}>
              {open.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.fundingKind} {d.decisionNumber} ({format.date(d.startDate)} – {format.date(d.endDate)})
                </option>
              ))}
            </SelectField>
            <div>
              <SelectField label={t("service")} error={fieldError("serviceId")} {...form.register("serviceId")}>
                <option value="">{t("chooseService")}</option>
                {serviceChoice.options}
              </SelectField>
              {serviceChoice.toggle}
            </div>
            <Controller
              control={form.control}
              name="serviceDate"
              render={({ field }) => (
                <DateField label={t("date")} error={fieldError("serviceDate")} value={field.value ?? ""} onChange={field.onChange} />
              )}
            />
            <TextField
              label={t("units")}
              inputMode="decimal"
              error={fieldError("units")}
              hint={t("unitsHint")}
              {...form.register("units")}
            />
          </div>
          <TextArea label={t("description")} rows={2} error={fieldError("description")} {...form.register("description")} />
          <div className="actions">
            <button type="submit" className="btn" disabled={create.isPending || !me.data}>
              {t("save")}
            </button>
          </div>
        </form>
      ) : null}
      <div className="toolbar">
        <h2 style={{ margin: 0, flex: 1 }}>{t("title")}</h2>
        <MonthField label={t("month")} name="month" value={month} onChange={setMonth} />
        <ExportButtons list="entries" params={{ clientId, month: month || undefined }} />
      </div>
      {!canAdd && formError ? <Alert kind="error">{formError.message}</Alert> : null}
      {entries.isPending ? (
        <p>{tc("loading")}</p>
      ) : entries.isError ? (
        <Alert kind="error">{errorText(entries.error).message}</Alert>
      ) : rows.length === 0 ? (
        <EmptyState>{month ? t("emptyMonth") : t("empty")}</EmptyState>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
            <table className="data">
              <caption className="visually-hidden">{t("title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("date")}</th>
                  <th scope="col">{t("service")}</th>
                  <th scope="col">{t("units")}</th>
                  <th scope="col">{t("specialist")}</th>
                  <th scope="col">{t("price")}</th>
                  <th scope="col">{t("amount")}</th>
                  <th scope="col">{t("decision")}</th>
                  <th scope="col">{t("description")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{tc("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{format.date(r.serviceDate)}</td>
                    <td>
                      {r.serviceCode} {locale === "en" ? r.serviceNameEn : r.serviceNameEt}
                    </td>
                    <td>
                      {format.number(r.units)} {tl(`units.${r.billingUnit}`)}
                    </td>
                    <td>
                      {r.specialistName}
                      {r.specialtyEt ? (
                        <>
                          <br />
                          <small>{locale === "en" ? r.specialtyEn : r.specialtyEt}</small>
                        </>
                      ) : null}
                    </td>
                    <td>{format.money(r.unitPriceCents)}</td>
                    <td>{format.money(r.amountCents)}</td>
                    <td>{r.decisionNumber}</td>
                    <td style={{ whiteSpace: "pre-wrap" }}>{r.description}</td>
                    <td>
                      {r.locked ? (
                        <span className="badge" title={t("lockedHint")}>
                          {t("locked", {
                            month: format.month(r.locked.month),
                            date: format.date(new Date(r.locked.confirmedAt)),
                          })}
                        </span>
                      ) : null}
                      {r.mayDelete ? (
                        <button
                          type="button"
                          className="btn link"
                          aria-label={t("deleteNamed", { date: format.date(r.serviceDate), service: r.serviceCode })}
                          onClick={() => setDeleting({ id: r.id, label: `${format.date(r.serviceDate)} ${r.serviceCode}` })}
                        >
                          {tc("delete")}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={5}>
                    {entries.hasNextPage ? t("totalShown", { count: rows.length }) : t("total")}
                  </th>
                  <td>
                    <strong>{format.money(total)}</strong>
                  </td>
                  <td colSpan={3} />
                </tr>
              </tfoot>
            </table>
          </div>
          {entries.hasNextPage ? (
            <div className="actions">
              <button
                type="button"
                className="btn secondary"
                disabled={entries.isFetchingNextPage}
                onClick={() => void entries.fetchNextPage()}
              >
                {entries.isFetchingNextPage ? tc("loading") : t("showOlder")}
              </button>
            </div>
          ) : null}
        </div>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteTitle")}
        message={t("deleteConfirm", { entry: deleting?.label ?? "" })}
        confirmLabel={t("delete")}
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ entryId: deleting.id })}
      />
    </>
  );
}
