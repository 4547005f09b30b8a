"use client";
import { useId, useState, type ReactNode } from "react";
import { DateInput, MonthInput, TimeInput, type EntryProps } from "./entry-input";

type FieldProps = Omit<EntryProps, "id" | "aria-invalid" | "aria-describedby" | "onEntryError"> & {
  label: string;
  error?: string;
  hint?: ReactNode;
};

/**
 * A labelled date, time or month box, as TextField in field.tsx is for text: the hint and the
 * error are linked with aria-describedby. Text that is no day is refused here, in the error's place.
 */
function EntryField({ label, error, hint, render, ...input }: FieldProps & { render: (props: EntryProps) => ReactNode }) {
  const id = useId();
  const [refusal, setRefusal] = useState<string | null>(null);
  const shown = refusal ?? error;
  const describedBy = [hint ? `${id}-hint` : null, shown ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {render({ ...input, id, "aria-invalid": shown ? true : undefined, "aria-describedby": describedBy, onEntryError: setRefusal })}
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {shown ? (
        <span id={`${id}-error`} className="error" role="alert">
          {shown}
        </span>
      ) : null}
    </div>
  );
}

export function DateField(props: FieldProps) {
  return <EntryField {...props} render={(p) => <DateInput {...p} />} />;
}

export function TimeField({ step, ...props }: FieldProps & { step?: number }) {
  return <EntryField {...props} render={(p) => <TimeInput {...p} step={step} />} />;
}

export function MonthField(props: FieldProps) {
  return <EntryField {...props} render={(p) => <MonthInput {...p} />} />;
}
