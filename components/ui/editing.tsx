"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from "react";
import { Alert, EmptyState } from "./alert";
import { Dialog } from "./dialog";
import { useErrorText, type ErrorText } from "./use-error-text";

/*
 * The pieces every list-with-an-edit-dialog page shares (rooms, specialties, services, funding
 * sources, roles, work types): the editing state, the page heading, the list's loading, error and
 * empty states, and the form's general error and buttons. The pages keep only their columns,
 * fields and mutations.
 */

export type Notice = { kind: "success" | "error"; text: string };

/** The row being edited (or a new one), the server's answer to the form, the page's last notice. */
export function useEditor<T>() {
  const [editing, setEditing] = useState<T | null>(null);
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  return {
    editing,
    formError,
    notice,
    setFormError,
    setNotice,
    open: (value: T) => {
      setFormError(null);
      setNotice(null);
      setEditing(value);
    },
    /** A controlled form's change to the row being edited. */
    change: (value: T) => setEditing(value),
    close: () => setEditing(null),
    /** After a successful save: the dialog closes and the page says what happened. */
    saved: (text: string) => {
      setEditing(null);
      setFormError(null);
      setNotice({ kind: "success", text });
    },
  };
}

/** The page's heading with its main action (e.g. "Add room") beside it, and the last notice below. */
export function ListHeader({ title, action, notice }: { title: string; action?: ReactNode; notice?: Notice | null }) {
  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>{title}</h1>
        {action}
      </div>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
    </>
  );
}

/** Loading, then the query's error, then `empty` when there are no rows, else the list itself. */
export function ListState({
  query,
  count,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  count: number;
  empty: ReactNode;
  children: ReactNode;
}) {
  const t = useTranslations("common");
  const errorText = useErrorText();
  if (query.isPending) return <p>{t("loading")}</p>;
  if (query.isError) return <Alert kind="error">{errorText(query.error).message}</Alert>;
  if (count === 0) return <EmptyState>{empty}</EmptyState>;
  return <>{children}</>;
}

/** The server's refusal that names no field; one that does is shown at its field instead. */
export function FormError({ error }: { error: ErrorText | null | undefined }) {
  return error?.message && Object.keys(error.fields).length === 0 ? <Alert kind="error">{error.message}</Alert> : null;
}

/** Cancel and Save (or `label`) at the foot of a form; Save waits while the last save is under way. */
export function FormActions({ onCancel, busy, label }: { onCancel: () => void; busy: boolean; label?: string }) {
  const t = useTranslations("common");
  return (
    <div className="actions">
      <button type="button" className="btn secondary" onClick={onCancel}>
        {t("cancel")}
      </button>
      <button type="submit" className="btn" disabled={busy}>
        {label ?? t("save")}
      </button>
    </div>
  );
}

/**
 * A modal form on FormData for the row being edited: general error, the fields, Cancel and Save.
 * It stays mounted while closed, so the browser returns focus to the button that opened it.
 */
export function FormDialog<T>({
  value,
  title,
  onClose,
  onSubmit,
  error,
  busy,
  children,
}: {
  value: T | null;
  title: string;
  onClose: () => void;
  onSubmit: (form: FormData, value: T) => void;
  error: ErrorText | null;
  busy: boolean;
  children: (value: T) => ReactNode;
}) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (value !== null) onSubmit(new FormData(e.currentTarget), value);
  };
  return (
    <Dialog open={value !== null} title={title} onClose={onClose}>
      {value !== null ? (
        <form onSubmit={submit} noValidate>
          <FormError error={error} />
          {children(value)}
          <FormActions onCancel={onClose} busy={busy} />
        </form>
      ) : null}
    </Dialog>
  );
}

/**
 * A checkbox with its label; `caption` puts it under a heading of its own, as a form field whose
 * legend a screen reader announces with the checkbox ("Status, group: In use").
 */
export function CheckboxField({
  label,
  caption,
  ...input
}: { label: string; caption?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const box = (
    <label className="check">
      <input type="checkbox" {...input} /> {label}
    </label>
  );
  if (!caption) return box;
  return (
    <fieldset className="field check-field">
      <legend>{caption}</legend>
      {box}
    </fieldset>
  );
}
