"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { useForm } from "react-hook-form";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { CheckboxGroup, FileField, SelectField, TextArea, TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import {
  OPTIONAL_COLUMNS,
  TEMPLATE_TYPES,
  templateSettingsSchema,
  type TemplateSettingsInput,
  type TemplateType,
} from "@/lib/document-templates";

const LOGO_MAX_BYTES = 512 * 1024;

type Values = {
  heading: string;
  closing: string;
  headerText: string;
  footerText: string;
  accentColor: string;
  shownColumns: string[];
  signatureLines: string;
};
/** undefined: keep the current version's logo; null: the institution's; a string: a new one (data URL). */
type LogoChoice = string | null | undefined;

function toSettings(type: TemplateType, v: Values): TemplateSettingsInput {
  return {
    headerText: v.headerText,
    footerText: v.footerText,
    accentColor: v.accentColor,
    hiddenColumns: OPTIONAL_COLUMNS[type].filter((c) => !v.shownColumns.includes(c)),
    signatureLines: v.signatureLines
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
    texts: { heading: v.heading, closing: v.closing },
  };
}

/**
 * Haldus → Dokumendipõhjad (#13): per document type the institution's logo, texts, colour,
 * optional columns and signature lines, with a live preview of the document as it would be made
 * (invented data). Each save is a new version; documents made earlier keep theirs.
 */
export function TemplateEditor({ canManage }: { canManage: boolean }) {
  const t = useTranslations("documentTemplates");
  const trpc = useTRPC();
  const [type, setType] = useState<TemplateType>("dataset");
  // Kept here: saving makes a new version, and the form below starts afresh on it.
  const [saved, setSaved] = useState<string | null>(null);
  const current = useQuery(trpc.documents.templates.get.queryOptions({ type }));
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <div className="panel">
        <SelectField
          label={t("type")}
          name="type"
          value={type}
          onChange={(e) => {
            setSaved(null);
            setType(e.target.value as TemplateType);
          }}
        >
          {TEMPLATE_TYPES.map((ty) => (
            <option key={ty} value={ty}>
              {t(`types.${ty}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {current.data ? (
        <TemplateForm
          key={`${type}:${current.data.version}`}
          type={type}
          data={current.data}
          canManage={canManage}
          saved={saved}
          onSaved={setSaved}
        />
      ) : (
        <p aria-busy="true">{t("loading")}</p>
      )}
    </>
  );
}

type Loaded = {
  version: number;
  settings: TemplateSettingsInput;
  ownLogo: boolean;
  versions: { id: string; version: number; createdAt: Date | string; createdBy: string | null }[];
};

function TemplateForm({
  type,
  data,
  canManage,
  saved,
  onSaved,
}: {
  type: TemplateType;
  data: Loaded;
  canManage: boolean;
  saved: string | null;
  onSaved: (text: string | null) => void;
}) {
  const t = useTranslations("documentTemplates");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [error, setError] = useState<ErrorText | null>(null);
  const notice = saved;
  const setNotice = onSaved;
  const [logo, setLogo] = useState<LogoChoice>(undefined);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const s = data.settings;
  const { register, handleSubmit, watch, setValue } = useForm<Values>({
    defaultValues: {
      heading: s.texts.heading,
      closing: s.texts.closing,
      headerText: s.headerText,
      footerText: s.footerText,
      accentColor: s.accentColor,
      shownColumns: OPTIONAL_COLUMNS[type].filter((c) => !s.hiddenColumns.includes(c)),
      signatureLines: s.signatureLines.join("\n"),
    },
  });

  const preview = useMutation(
    trpc.documents.templates.preview.mutationOptions({
      onSuccess: (file) => {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        setPreviewUrl((old) => {
          if (old) URL.revokeObjectURL(old);
          return URL.createObjectURL(new Blob([bytes], { type: file.mime }));
        });
      },
      onError: (e) => setError(errorText(e)),
    }),
  );
  const save = useMutation(
    trpc.documents.templates.save.mutationOptions({
      onSuccess: (r) => {
        setError(null);
        setNotice(t("saved", { version: r.version }));
        void queryClient.invalidateQueries({ queryKey: trpc.documents.templates.get.queryKey({ type }) });
      },
      onError: (e) => {
        setNotice(null);
        setError(errorText(e));
      },
    }),
  );

  /** The settings when they are valid; otherwise null, with each bad field named. */
  const checked = (v: Values): TemplateSettingsInput | null => {
    const parsed = templateSettingsSchema.safeParse(toSettings(type, v));
    if (parsed.success) return parsed.data;
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path.at(-1))] = issue.message;
    setError({ message: t("checkFields"), fields });
    return null;
  };

  // The preview follows the form, at most once per pause in typing.
  const values = watch();
  const key = JSON.stringify([values, logo]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const mutatePreview = preview.mutate;
  useEffect(() => {
    if (!canManage) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const parsed = templateSettingsSchema.safeParse(toSettings(type, JSON.parse(key)[0] as Values));
      if (parsed.success) mutatePreview({ type, settings: parsed.data, logoDataUrl: JSON.parse(key)[1] as LogoChoice });
    }, 700);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [key, type, canManage, mutatePreview]);
  useEffect(() => () => void (previewUrl && URL.revokeObjectURL(previewUrl)), [previewUrl]);

  const onSubmit = handleSubmit((v) => {
    const settings = checked(v);
    if (settings) save.mutate({ type, settings, logoDataUrl: logo });
  });

  function onLogo(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > LOGO_MAX_BYTES) {
      setError({ message: t("logoTooLarge"), fields: { logo: t("logoTooLarge") } });
      return;
    }
    const reader = new FileReader();
    reader.onload = () => setLogo(String(reader.result));
    reader.readAsDataURL(file);
  }

  const err = (f: string) => error?.fields[f];
  const logoState = logo === undefined ? (data.ownLogo ? "own" : "institution") : logo === null ? "institution" : "new";
  return (
    <div className="grid-2">
      <form className="panel" onSubmit={onSubmit} noValidate aria-labelledby="template-form">
        <h2 id="template-form" style={{ marginTop: 0 }}>
          {t(`types.${type}`)} · {data.version ? t("version", { version: data.version }) : t("builtIn")}
        </h2>
        <div aria-live="polite">
          {error ? <Alert kind="error">{error.message}</Alert> : null}
          {notice ? <Alert kind="success">{notice}</Alert> : null}
        </div>
        <fieldset disabled={!canManage || save.isPending} style={{ border: 0, padding: 0, margin: 0 }}>
          <TextField label={t("heading")} error={err("heading")} {...register("heading")} />
          <TextArea label={t("headerText")} hint={t("headerTextHint")} rows={2} error={err("headerText")} {...register("headerText")} />
          <TextField label={t("footerText")} hint={t("footerTextHint")} error={err("footerText")} {...register("footerText")} />
          <TextField label={t("accentColor")} type="color" error={err("accentColor")} {...register("accentColor")} />
          {OPTIONAL_COLUMNS[type].length ? (
            <CheckboxGroup
              legend={t("columns")}
              name="shownColumns"
              options={OPTIONAL_COLUMNS[type].map((c) => ({ id: c, label: t(`columnNames.${c}`) }))}
              value={values.shownColumns}
              onChange={(next) => setValue("shownColumns", next, { shouldDirty: true })}
              error={err("hiddenColumns")}
            />
          ) : null}
          <TextArea
            label={t("signatureLines")}
            hint={t("signatureLinesHint")}
            rows={3}
            error={err("signatureLines")}
            {...register("signatureLines")}
          />
          <TextArea label={t("closing")} hint={t("closingHint")} rows={2} error={err("closing")} {...register("closing")} />
          <p>{t(`logoState.${logoState}`)}</p>
          <div className="toolbar">
            <FileField
              label={t("chooseLogo")}
              name="logo"
              accept="image/png,image/jpeg"
              onChange={onLogo}
              hint={t("logoHint")}
              error={err("logo")}
            />
            {logoState !== "institution" ? (
              <button type="button" className="btn secondary" onClick={() => setLogo(null)}>
                {t("useInstitutionLogo")}
              </button>
            ) : null}
          </div>
          {canManage ? (
            <button type="submit" className="btn" aria-busy={save.isPending}>
              {save.isPending ? t("saving") : t("save")}
            </button>
          ) : (
            <Alert kind="info">{t("readOnly")}</Alert>
          )}
        </fieldset>
        {data.versions.length ? (
          <>
            <h3>{t("versions")}</h3>
            <ul>
              {data.versions.map((v) => (
                <li key={v.id}>
                  {t("versionLine", {
                    version: v.version,
                    when: format.dateTime(new Date(v.createdAt)),
                    who: v.createdBy ?? "—",
                  })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </form>
      <section className="panel" aria-labelledby="template-preview">
        <h2 id="template-preview" style={{ marginTop: 0 }}>
          {t("preview")}
        </h2>
        <p aria-live="polite">{preview.isPending ? t("previewing") : null}</p>
        {previewUrl ? (
          <>
            <iframe title={t("preview")} src={previewUrl} style={{ width: "100%", height: "70vh", border: "1px solid #c8ccd0" }} />
            <a href={previewUrl} download={`eelvaade_${type}.pdf`}>
              {t("openPreview")}
            </a>
          </>
        ) : canManage ? null : (
          <p>{t("previewNeedsManage")}</p>
        )}
      </section>
    </div>
  );
}
