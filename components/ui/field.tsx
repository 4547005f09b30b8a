"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

type Common = { label: string; error?: string; hint?: ReactNode; name: string };

function describedBy(id: string, error?: string, hint?: ReactNode) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function Messages({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

/** A labelled input whose error is announced and linked with aria-describedby. */
export function TextField({ label, error, hint, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...input} />
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

/**
 * A file input that speaks the page's language: the browser's own "Choose File" and "No file
 * chosen" follow the browser's language, not the UI's. The input stays the one control a keyboard
 * or a screen reader reaches (visually hidden, named by the field's label); the button-like label
 * beside it opens it on click and shows the focus ring, and the chosen file's name follows.
 */
export function FileField({ label, error, hint, onChange, ...input }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const id = useId();
  const t = useTranslations("common");
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="file-pick">
        <input
          id={id}
          type="file"
          className="visually-hidden"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error, hint)}
          onChange={(e) => {
            setChosen(e.target.files?.[0]?.name ?? null);
            onChange?.(e);
          }}
          {...input}
        />
        <label htmlFor={id} className="btn secondary" aria-hidden="true">
          {t("chooseFile")}
        </label>
        <span className="file-name">{chosen ?? t("noFileChosen")}</span>
      </div>
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextArea({ label, error, hint, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...input} />
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

export function SelectField({ label, error, hint, children, ...select }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...select}>
        {children}
      </select>
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

/** A group of checkboxes with a legend: for units, roles and specialties. */
export function CheckboxGroup({
  legend,
  options,
  value,
  onChange,
  error,
  name,
}: {
  legend: string;
  name: string;
  options: { id: string; label: string }[];
  value: string[];
  onChange: (next: string[]) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <fieldset aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
        <legend>{legend}</legend>
        <div className="checks">
          {options.map((o) => (
            <label key={o.id}>
              <input
                type="checkbox"
                name={name}
                value={o.id}
                checked={value.includes(o.id)}
                onChange={(e) => onChange(e.target.checked ? [...value, o.id] : value.filter((v) => v !== o.id))}
              />
              {o.label}
            </label>
          ))}
        </div>
      </fieldset>
      {error ? (
        <span id={`${id}-error`} className="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
