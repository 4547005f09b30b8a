"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormat } from "@/components/ui/use-format";
import { tallinnToday } from "@/lib/tallinn-time";
import { useLocale, useTranslations } from "next-intl";
import { useId, useMemo, useState } from "react";
import { Controller, useFieldArray, useForm } from "react-hook-form";
import { versionEditorForm, type VersionEditorSubmission, type VersionEditorValues } from "@/server/catalogue/schemas";
import { centsToInput, parseEuroCents } from "@/lib/money";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { CheckboxField } from "@/components/ui/editing";
import { TextField } from "@/components/ui/field";
import { DateField } from "@/components/ui/entry-field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { VAT_RATE_KINDS, VAT_STATUSES, type VatRateKind, type VatStatus } from "./options";
import { usePeriodText } from "./use-period-text";

/** Today's percentage of each rate kind, from the dated table in Haldus; never a constant here. */
type RatesToday = Partial<Record<VatRateKind, string>>;
type Service = { id: string; code: string; nameEt: string; nameEn: string; billingUnit: string; vatStatus: VatStatus; active: boolean };
type Version = {
  id: string;
  validFrom: string;
  validTo: string | null;
  note: string;
  entryCount: number;
  items: { serviceId: string; unitPriceCents: number; vatStatus: VatStatus; vatRateKind: VatRateKind | null }[];
};

/** One price cell: a labelled input whose error is announced and linked to it. */
function CellInput({
  label,
  value,
  onChange,
  error,
  width,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  width: string;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        className="catalogue-cell"
        style={{ width }}
        inputMode="decimal"
        autoComplete="off"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <span id={`${id}-error`} className="catalogue-cell-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

function EditorForm({
  version,
  services,
  canManage,
  onSaved,
  ratesToday,
}: {
  version: Version;
  services: Service[];
  canManage: boolean;
  onSaved: () => void;
  ratesToday: RatesToday;
}) {
  const t = useTranslations("catalogue");
  const tv = useTranslations("vatRates");
  const locale = useLocale();
  const trpc = useTRPC();
  const errorText = useErrorText();
  const locked = version.entryCount > 0;
  // Prices already charged are history: they are shown, not offered for editing.
  const readOnly = locked || !canManage;
  const money = useFormat().money;
  const [onlyListed, setOnlyListed] = useState(readOnly);
  // One row per service, in the table's order: the price as typed, empty when not listed.
  const defaultValues = useMemo((): VersionEditorValues => {
    const listedItem = new Map(version.items.map((i) => [i.serviceId, i]));
    return {
      id: version.id,
      validFrom: version.validFrom,
      validTo: version.validTo ?? "",
      note: version.note,
      items: services.map((s) => {
        const item = listedItem.get(s.id);
        return item
          ? {
              serviceId: s.id,
              unitPrice: centsToInput(item.unitPriceCents),
              vatStatus: item.vatStatus,
              vatRateKind: item.vatRateKind ?? "standard",
            }
          : { serviceId: s.id, unitPrice: "", vatStatus: s.vatStatus, vatRateKind: "standard" };
      }),
    };
  }, [version, services]);
  const resolver = useSchemaResolver(versionEditorForm);
  const {
    register,
    control,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<VersionEditorValues, unknown, VersionEditorSubmission>({ defaultValues, resolver });
  const rows = useFieldArray({ control, name: "items", keyName: "key" });
  const values = watch("items");
  const [serverError, setServerError] = useState<ErrorText | null>(null);
  const update = useMutation(
    trpc.catalogue.priceLists.update.mutationOptions({
      onSuccess: () => {
        setServerError(null);
        onSaved();
      },
      onError: (e) => setServerError(errorText(e)),
    }),
  );

  const listed = new Set(version.items.map((i) => i.serviceId));
  const visible = services
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => (onlyListed ? values[i]?.unitPrice.trim() || listed.has(s.id) : s.active || listed.has(s.id)));
  const fieldError = (field: "validFrom" | "validTo" | "note") => errors[field]?.message ?? serverError?.fields[field];
  // The domain names a row by its service ("items.<id>.unitPrice"), the form by its place in the table.
  const priceError = (i: number, serviceId: string) =>
    errors.items?.[i]?.unitPrice?.message ?? serverError?.fields[`items.${serviceId}.unitPrice`];
  const general = serverError && Object.keys(serverError.fields).length === 0 ? serverError.message : null;
  const name = (s: Service) => (locale === "en" ? s.nameEn : s.nameEt);
  const kindText = (k: VatRateKind) => (ratesToday[k] ? `${tv(`kinds.${k}`)} (${Number(ratesToday[k])} %)` : tv(`kinds.${k}`));

  function submit(input: VersionEditorSubmission) {
    setServerError(null);
    update.mutate(input);
  }

  return (
    <form onSubmit={handleSubmit(submit)} noValidate>
      {locked ? <Alert kind="info">{t("priceLists.locked", { count: version.entryCount })}</Alert> : null}
      {general ? <Alert kind="error">{general}</Alert> : null}
      <fieldset disabled={!canManage} className="catalogue-plain">
        <div className="grid-2">
          <Controller
            control={control}
            name="validFrom"
            render={({ field }) => (
              <DateField
                label={t("priceLists.validFrom")}
                name="validFrom"
                required
                value={field.value}
                disabled={locked}
                onChange={field.onChange}
                error={fieldError("validFrom")}
              />
            )}
          />
          <Controller
            control={control}
            name="validTo"
            render={({ field }) => (
              <DateField
                label={t("priceLists.validTo")}
                name="validTo"
                value={field.value}
                disabled={locked}
                hint={t("priceLists.validToHint")}
                onChange={field.onChange}
                error={fieldError("validTo")}
              />
            )}
          />
        </div>
        <TextField
          label={t("priceLists.note")}
          maxLength={500}
          hint={t("priceLists.noteHint")}
          error={fieldError("note")}
          {...register("note")}
        />
        <CheckboxField label={t("priceLists.onlyListed")} checked={onlyListed} onChange={(e) => setOnlyListed(e.target.checked)} />
        <p className="catalogue-muted">{t("priceLists.priceHint")}</p>
        {services.length === 0 ? (
          <EmptyState>{t("priceLists.noServices")}</EmptyState>
        ) : (
          <div style={{ overflowX: "auto" }}>
            <div className="table-frame">
              <table className="data catalogue-prices">
                <caption className="visually-hidden">{t("priceLists.itemsCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("services.code")}</th>
                    <th scope="col">{t("priceLists.service")}</th>
                    <th scope="col">{t("priceLists.unit")}</th>
                    <th scope="col">{t("priceLists.price")}</th>
                    <th scope="col">{t("priceLists.vat")}</th>
                    <th scope="col">{t("priceLists.vatRate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {visible.map(({ s, i }) => {
                    const row = values[i]!;
                    const cents = parseEuroCents(row.unitPrice);
                    return (
                      <tr key={rows.fields[i]?.key ?? s.id} className={s.active ? undefined : "inactive"}>
                        <td>
                          <code>{s.code}</code>
                        </td>
                        <th scope="row">{name(s)}</th>
                        <td>{t(`units.${s.billingUnit}`)}</td>
                        {readOnly ? (
                          <>
                            <td>{cents === null ? t("priceLists.notListed") : money(cents)}</td>
                            <td>{cents === null ? null : t(`vat.${row.vatStatus}`)}</td>
                            <td>{cents !== null && row.vatStatus === "taxable" ? kindText(row.vatRateKind) : null}</td>
                          </>
                        ) : (
                          <>
                            <td>
                              <Controller
                                control={control}
                                name={`items.${i}.unitPrice`}
                                render={({ field }) => (
                                  <CellInput
                                    label={t("priceLists.priceFor", { code: s.code, name: name(s) })}
                                    value={field.value}
                                    width="7rem"
                                    onChange={field.onChange}
                                    error={priceError(i, s.id)}
                                  />
                                )}
                              />
                            </td>
                            <td>
                              <label className="visually-hidden" htmlFor={`vat-${version.id}-${s.id}`}>
                                {t("priceLists.vatFor", { code: s.code, name: name(s) })}
                              </label>
                              <select id={`vat-${version.id}-${s.id}`} className="catalogue-cell" {...register(`items.${i}.vatStatus`)}>
                                {VAT_STATUSES.map((v) => (
                                  <option key={v} value={v}>
                                    {t(`vat.${v}`)}
                                  </option>
                                ))}
                              </select>
                            </td>
                            <td>
                              {row.vatStatus === "taxable" ? (
                                <>
                                  <label className="visually-hidden" htmlFor={`kind-${version.id}-${s.id}`}>
                                    {t("priceLists.vatRateFor", { code: s.code, name: name(s) })}
                                  </label>
                                  <select
                                    id={`kind-${version.id}-${s.id}`}
                                    className="catalogue-cell"
                                    {...register(`items.${i}.vatRateKind`)}
                                  >
                                    {VAT_RATE_KINDS.map((k) => (
                                      <option key={k} value={k}>
                                        {kindText(k)}
                                      </option>
                                    ))}
                                  </select>
                                </>
                              ) : null}
                            </td>
                          </>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </div>
        )}
        {canManage ? (
          <div className="actions">
            <button type="submit" className="btn" disabled={update.isPending}>
              {t("priceLists.savePrices")}
            </button>
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}

/** A version's prices, one row per service, with a price input per row. */
export function PriceVersionEditor({
  versionId,
  canManage,
  onClose,
  onSaved,
}: {
  versionId: string;
  canManage: boolean;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const t = useTranslations("catalogue");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const periodText = usePeriodText();
  const version = useQuery(trpc.catalogue.priceLists.version.queryOptions({ id: versionId }));
  const services = useQuery(trpc.catalogue.services.list.queryOptions({}));
  const rates = useQuery(trpc.vatRates.list.queryOptions());
  const ratesToday = useMemo(() => {
    const today = tallinnToday();
    const out: RatesToday = {};
    for (const r of rates.data ?? []) if (r.validFrom <= today && (r.validTo === null || today <= r.validTo)) out[r.kind] = r.rate;
    return out;
  }, [rates.data]);
  const sorted = useMemo(() => services.data ?? [], [services.data]);
  const headingId = useId();

  const saved = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.catalogue.priceLists.pathKey() });
    onSaved(t("priceLists.saved"));
  };

  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="toolbar" style={{ alignItems: "center" }}>
        <h2 id={headingId} style={{ margin: 0, flex: 1 }}>
          {version.data ? t("priceLists.editorTitle", { period: periodText(version.data.validFrom, version.data.validTo) }) : tc("loading")}
        </h2>
        <button type="button" className="btn secondary" onClick={onClose}>
          {t("priceLists.closeEditor")}
        </button>
      </div>
      {version.isError ? <Alert kind="error">{errorText(version.error).message}</Alert> : null}
      {version.data && services.data ? (
        <EditorForm
          key={`${version.data.id}:${version.dataUpdatedAt}`}
          version={version.data as Version}
          services={sorted as Service[]}
          canManage={canManage}
          onSaved={saved}
          ratesToday={ratesToday}
        />
      ) : version.isPending || services.isPending ? (
        <p>{tc("loading")}</p>
      ) : null}
    </section>
  );
}
