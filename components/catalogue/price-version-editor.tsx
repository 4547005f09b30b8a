"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormat } from "@/components/ui/use-format";
import { tallinnToday } from "@/lib/tallinn-time";
import { useLocale, useTranslations } from "next-intl";
import { useId, useMemo, useState, type FormEvent } from "react";
import { centsToInput, parseEuroCents } from "@/lib/money";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { CheckboxField } from "@/components/ui/editing";
import { TextField } from "@/components/ui/field";
import { DateField } from "@/components/ui/entry-field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { VAT_RATE_KINDS, VAT_STATUSES, type VatRateKind, type VatStatus } from "./options";
import { usePeriodText } from "./use-period-text";

type Row = { price: string; vatStatus: VatStatus; vatRateKind: VatRateKind };
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
  const [validFrom, setValidFrom] = useState(version.validFrom);
  const [validTo, setValidTo] = useState(version.validTo ?? "");
  const [note, setNote] = useState(version.note);
  const [onlyListed, setOnlyListed] = useState(readOnly);
  const [rows, setRows] = useState<Record<string, Row>>(() => {
    const initial: Record<string, Row> = {};
    for (const s of services) initial[s.id] = { price: "", vatStatus: s.vatStatus, vatRateKind: "standard" };
    for (const i of version.items) {
      initial[i.serviceId] = { price: centsToInput(i.unitPriceCents), vatStatus: i.vatStatus, vatRateKind: i.vatRateKind ?? "standard" };
    }
    return initial;
  });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
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
  const visible = services.filter((s) => (onlyListed ? rows[s.id]?.price.trim() || listed.has(s.id) : s.active || listed.has(s.id)));
  const fieldError = (field: string) => clientErrors[field] ?? serverError?.fields[field];
  const general = serverError && Object.keys(serverError.fields).length === 0 ? serverError.message : null;
  const setRow = (id: string, change: Partial<Row>) => setRows((r) => ({ ...r, [id]: { ...r[id]!, ...change } }));
  const name = (s: Service) => (locale === "en" ? s.nameEn : s.nameEt);
  const kindText = (k: VatRateKind) => (ratesToday[k] ? `${tv(`kinds.${k}`)} (${Number(ratesToday[k])} %)` : tv(`kinds.${k}`));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const errors: Record<string, string> = {};
    const items = [];
    for (const [serviceId, row] of Object.entries(rows)) {
      if (!row.price.trim()) continue;
      if (parseEuroCents(row.price) === null) errors[`items.${serviceId}.unitPrice`] = t("priceLists.priceInvalid");
      items.push({
        serviceId,
        unitPrice: row.price,
        vatStatus: row.vatStatus,
        vatRateKind: row.vatStatus === "taxable" ? row.vatRateKind : null,
      });
    }
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) {
      setServerError(null);
      return;
    }
    update.mutate({ id: version.id, validFrom, validTo: validTo || null, note, items });
  }

  return (
    <form onSubmit={submit} noValidate>
      {locked ? <Alert kind="info">{t("priceLists.locked", { count: version.entryCount })}</Alert> : null}
      {general ? <Alert kind="error">{general}</Alert> : null}
      <fieldset disabled={!canManage} className="catalogue-plain">
        <div className="grid-2">
          <DateField
            label={t("priceLists.validFrom")}
            name="validFrom"
            required
            value={validFrom}
            disabled={locked}
            onChange={setValidFrom}
            error={fieldError("validFrom")}
          />
          <DateField
            label={t("priceLists.validTo")}
            name="validTo"
            value={validTo}
            disabled={locked}
            hint={t("priceLists.validToHint")}
            onChange={setValidTo}
            error={fieldError("validTo")}
          />
        </div>
        <TextField
          label={t("priceLists.note")}
          name="note"
          value={note}
          maxLength={500}
          hint={t("priceLists.noteHint")}
          onChange={(e) => setNote(e.target.value)}
          error={fieldError("note")}
        />
        <CheckboxField label={t("priceLists.onlyListed")} checked={onlyListed} onChange={(e) => setOnlyListed(e.target.checked)} />
        <p className="catalogue-muted">{t("priceLists.priceHint")}</p>
        {services.length === 0 ? (
          <EmptyState>{t("priceLists.noServices")}</EmptyState>
        ) : (
          <div style={{ overflowX: "auto" }}>
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
                {visible.map((s) => {
                  const row = rows[s.id]!;
                  const cents = parseEuroCents(row.price);
                  return (
                    <tr key={s.id} className={s.active ? undefined : "inactive"}>
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
                            <CellInput
                              label={t("priceLists.priceFor", { code: s.code, name: name(s) })}
                              value={row.price}
                              width="7rem"
                              onChange={(price) => setRow(s.id, { price })}
                              error={fieldError(`items.${s.id}.unitPrice`)}
                            />
                          </td>
                          <td>
                            <label className="visually-hidden" htmlFor={`vat-${version.id}-${s.id}`}>
                              {t("priceLists.vatFor", { code: s.code, name: name(s) })}
                            </label>
                            <select
                              id={`vat-${version.id}-${s.id}`}
                              className="catalogue-cell"
                              value={row.vatStatus}
                              onChange={(e) => setRow(s.id, { vatStatus: e.target.value as VatStatus })}
                            >
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
                                  value={row.vatRateKind}
                                  onChange={(e) => setRow(s.id, { vatRateKind: e.target.value as VatRateKind })}
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
