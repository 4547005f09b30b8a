"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { SEND_CHANNELS, type SendChannel } from "@/db/schema/enums";
import { isValidRegistryCode } from "@/lib/identifiers";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { CheckboxField, FormActions, FormError, ListHeader, ListState, useEditor } from "@/components/ui/editing";
import { SelectField, TextField } from "@/components/ui/field";
import { useLocalName } from "@/components/ui/use-local-name";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { EINVOICE_FORMATS, FUNDING_KINDS, type EinvoiceFormat, type FundingKind } from "./options";

type Values = {
  kind: FundingKind;
  name: string;
  nameEn: string;
  payerName: string;
  payerRegistryCode: string;
  payerAddress: string;
  payerEmail: string;
  einvoiceRecipient: string;
  einvoiceFormat: EinvoiceFormat;
  sendChannel: SendChannel;
  invoicePerClient: boolean;
  active: boolean;
};

const EMPTY: Values = {
  kind: "SRT",
  name: "",
  nameEn: "",
  payerName: "",
  payerRegistryCode: "",
  payerAddress: "",
  payerEmail: "",
  einvoiceRecipient: "",
  einvoiceFormat: "en16931",
  sendChannel: "e-financials",
  invoicePerClient: false,
  active: true,
};

function FundingSourceForm({
  initial,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: Values;
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (v: Values) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("catalogue");
  const tc = useTranslations("common");
  const te = useTranslations("einvoiceFormat");
  const {
    register,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<Values>({ defaultValues: initial });
  const err = (f: keyof Values) => errors[f]?.message ?? serverError?.fields[f];
  const kind = watch("kind");
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormError error={serverError} />
      <div className="grid-2">
        <SelectField label={t("fundingSources.kind")} error={err("kind")} autoFocus {...register("kind")}>
          {FUNDING_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)} ({k})
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("fundingSources.name")}
          hint={t("fundingSources.nameHint")}
          error={err("name")}
          autoComplete="off"
          {...register("name", { validate: (v) => v.trim().length > 0 || tc("required") })}
        />
        <TextField
          label={t("fundingSources.nameEn")}
          hint={tc("nameEnHint")}
          error={err("nameEn")}
          autoComplete="off"
          lang="en"
          {...register("nameEn")}
        />
        <TextField
          label={t("fundingSources.payerName")}
          error={err("payerName")}
          autoComplete="off"
          {...register("payerName", { validate: (v) => v.trim().length > 0 || tc("required") })}
        />
        <TextField
          label={t("fundingSources.payerRegistryCode")}
          hint={t("fundingSources.payerRegistryCodeHint")}
          inputMode="numeric"
          maxLength={8}
          error={err("payerRegistryCode")}
          autoComplete="off"
          {...register("payerRegistryCode", {
            validate: (v) => {
              const code = v.trim();
              if (!code) return kind === "PRIVATE" || t("fundingSources.registryCodeRequired");
              return isValidRegistryCode(code) || t("fundingSources.registryCodeInvalid");
            },
          })}
        />
        <TextField label={t("fundingSources.payerAddress")} error={err("payerAddress")} autoComplete="off" {...register("payerAddress")} />
        <TextField
          label={t("fundingSources.payerEmail")}
          type="email"
          error={err("payerEmail")}
          autoComplete="off"
          {...register("payerEmail")}
        />
        <TextField
          label={t("fundingSources.einvoiceRecipient")}
          hint={t("fundingSources.einvoiceRecipientHint")}
          error={err("einvoiceRecipient")}
          autoComplete="off"
          {...register("einvoiceRecipient")}
        />
        <SelectField label={te("label")} hint={te("hint")} error={err("einvoiceFormat")} {...register("einvoiceFormat")}>
          {EINVOICE_FORMATS.map((f) => (
            <option key={f} value={f}>
              {te(f)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("fundingSources.sendChannel")}
          hint={t("fundingSources.sendChannelHint")}
          error={err("sendChannel")}
          {...register("sendChannel")}
        >
          {SEND_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`fundingSources.sendChannels.${c}`)}
            </option>
          ))}
        </SelectField>
        <CheckboxField
          caption={t("fundingSources.invoicing")}
          label={t("fundingSources.invoicePerClient")}
          {...register("invoicePerClient")}
        />
        <CheckboxField caption={t("status")} label={t("fundingSources.activeLabel")} {...register("active")} />
      </div>
      <FormActions onCancel={onCancel} busy={busy} />
    </form>
  );
}

export function FundingSourcesAdmin({ canManage }: { canManage: boolean }) {
  const t = useTranslations("catalogue");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const localName = useLocalName();
  const list = useQuery(trpc.catalogue.fundingSources.list.queryOptions());
  const editor = useEditor<{ id: string | null; values: Values }>();
  const save = useMutation(
    trpc.catalogue.fundingSources.save.mutationOptions({
      onSuccess: (_data, input) => {
        editor.saved(input.id ? t("fundingSources.saved") : t("fundingSources.created"));
        void queryClient.invalidateQueries({ queryKey: trpc.catalogue.fundingSources.list.queryKey() });
      },
      onError: (e) => editor.setFormError(errorText(e)),
    }),
  );
  const open = (id: string | null, values: Values) => editor.open({ id, values });
  const submit = (v: Values) =>
    save.mutate({
      id: editor.editing?.id ?? null,
      kind: v.kind,
      name: v.name,
      nameEn: v.nameEn,
      payerName: v.payerName,
      payerRegistryCode: v.payerRegistryCode.trim() || null,
      payerAddress: v.payerAddress,
      payerEmail: v.payerEmail.trim() || null,
      einvoiceRecipient: v.einvoiceRecipient.trim() || null,
      einvoiceFormat: v.einvoiceFormat,
      sendChannel: v.sendChannel,
      invoicePerClient: v.invoicePerClient,
      active: v.active,
    });

  const rows = list.data ?? [];
  return (
    <>
      <ListHeader
        title={t("fundingSources.title")}
        notice={editor.notice}
        action={
          canManage ? (
            <button type="button" className="btn" onClick={() => open(null, EMPTY)}>
              {t("fundingSources.add")}
            </button>
          ) : null
        }
      />
      {canManage ? null : <Alert kind="info">{t("readOnly")}</Alert>}
      <ListState query={list} count={rows.length} empty={t("fundingSources.empty")}>
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
            <table className="data">
              <caption className="visually-hidden">{t("fundingSources.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("fundingSources.name")}</th>
                  <th scope="col">{t("fundingSources.kind")}</th>
                  <th scope="col">{t("fundingSources.payer")}</th>
                  <th scope="col">{t("fundingSources.einvoiceRecipient")}</th>
                  <th scope="col">{t("status")}</th>
                  {canManage ? (
                    <th scope="col">
                      <span className="visually-hidden">{tc("actions")}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => (
                  <tr key={s.id} className={s.active ? undefined : "inactive"}>
                    <td>{localName(s)}</td>
                    <td>
                      <abbr title={t(`kinds.${s.kind}`)}>{s.kind}</abbr> <span className="catalogue-muted">{t(`kinds.${s.kind}`)}</span>
                    </td>
                    <td>
                      {s.payerName}
                      {s.payerRegistryCode ? (
                        <>
                          <br />
                          <span className="catalogue-muted">{s.payerRegistryCode}</span>
                        </>
                      ) : null}
                    </td>
                    <td>{s.einvoiceRecipient ?? "—"}</td>
                    <td>{s.active ? <span className="badge ok">{t("active")}</span> : <span className="badge">{t("inactive")}</span>}</td>
                    {canManage ? (
                      <td>
                        <button
                          type="button"
                          className="btn link"
                          aria-label={t("fundingSources.editNamed", { name: s.name })}
                          onClick={() =>
                            open(s.id, {
                              kind: s.kind,
                              name: s.name,
                              nameEn: s.nameEn ?? "",
                              payerName: s.payerName,
                              payerRegistryCode: s.payerRegistryCode ?? "",
                              payerAddress: s.payerAddress,
                              payerEmail: s.payerEmail ?? "",
                              einvoiceRecipient: s.einvoiceRecipient ?? "",
                              einvoiceFormat: s.einvoiceFormat,
                              sendChannel: s.sendChannel,
                              invoicePerClient: s.invoicePerClient,
                              active: s.active,
                            })
                          }
                        >
                          {tc("edit")}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </ListState>
      <Dialog
        open={editor.editing !== null}
        title={editor.editing?.id ? t("fundingSources.edit") : t("fundingSources.add")}
        onClose={editor.close}
      >
        {editor.editing ? (
          <FundingSourceForm
            key={editor.editing.id ?? "new"}
            initial={editor.editing.values}
            serverError={editor.formError}
            busy={save.isPending}
            onSubmit={submit}
            onCancel={editor.close}
          />
        ) : null}
      </Dialog>
    </>
  );
}
