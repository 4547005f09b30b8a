"use client";
import dynamic from "next/dynamic";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import {
  formatDate,
  formatMonth,
  formatTime,
  isCompleteDate,
  isCompleteMonth,
  isCompleteTime,
  parseDate,
  parseMonth,
  parseTime,
  type EntryError,
  type Parsed,
} from "@/lib/date-entry";

/**
 * Date, time and month boxes that follow the UI language instead of the browser's (a native
 * <input type="date"> writes "12/03/2026" on an Estonian page). The value in and out is ISO
 * ("YYYY-MM-DD", "HH:mm", "YYYY-MM", "" when empty); the box shows and reads "03.12.2026" /
 * "03/12/2026". Invalid text is never passed on: it is named beside the box, and a form holding
 * it does not submit.
 */
export type EntryProps = {
  value: string;
  onChange: (value: string) => void;
  id?: string;
  /** Adds a hidden input with the ISO value, for forms read with FormData. */
  name?: string;
  required?: boolean;
  disabled?: boolean;
  min?: string;
  max?: string;
  "aria-invalid"?: boolean | "true" | "false";
  "aria-describedby"?: string;
  "aria-label"?: string;
  autoFocus?: boolean;
  className?: string;
  /** When given, the field shows the refusal itself (entry-field.tsx); else it is shown here. */
  onEntryError?: (message: string | null) => void;
};

// The popups, react-day-picker's calendar above all, load when first opened: not in first-load JS.
const CalendarPopup = dynamic(() => import("./entry-popups").then((m) => m.CalendarPopup), { ssr: false });
const MonthPopup = dynamic(() => import("./entry-popups").then((m) => m.MonthPopup), { ssr: false });
const TimePopup = dynamic(() => import("./entry-popups").then((m) => m.TimePopup), { ssr: false });

type Kind = "date" | "time" | "month";

const KINDS: Record<
  Kind,
  {
    parse: (text: string, range: { min?: string; max?: string }) => Parsed;
    show: (value: string, locale: string) => string;
    complete: (text: string) => boolean;
    placeholder: "datePlaceholder" | "timePlaceholder" | "monthPlaceholder";
    inputMode: "numeric" | "decimal" | "text";
  }
> = {
  date: { parse: parseDate, show: formatDate, complete: isCompleteDate, placeholder: "datePlaceholder", inputMode: "text" },
  time: { parse: parseTime, show: formatTime, complete: isCompleteTime, placeholder: "timePlaceholder", inputMode: "text" },
  month: { parse: parseMonth, show: formatMonth, complete: isCompleteMonth, placeholder: "monthPlaceholder", inputMode: "text" },
};

function EntryInput({ kind, step, ...props }: EntryProps & { kind: Kind; step?: number }) {
  const { value, onChange, min, max, onEntryError } = props;
  const t = useTranslations("pickers");
  const locale = useLocale();
  const k = KINDS[kind];
  const [text, setText] = useState(() => k.show(value, locale));
  // The value this box last stood for: a different one from the parent is shown anew.
  const [committed, setCommitted] = useState(value);
  const [shownLocale, setShownLocale] = useState(locale);
  const [refusal, setRefusal] = useState<{ error: EntryError; text: string } | null>(null);
  const [open, setOpen] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const wrapRef = useRef<HTMLSpanElement>(null);
  const textRef = useRef(text);
  const ownId = useId();
  const errorId = `${ownId}-entry-error`;
  const popupId = `${ownId}-popup`;

  if (value !== committed || locale !== shownLocale) {
    setCommitted(value);
    setShownLocale(locale);
    const shown = k.show(value, locale);
    setText(shown);
    textRef.current = shown;
    setRefusal(null);
  }

  const shownMin = min ? k.show(min, locale) : "";
  const shownMax = max ? k.show(max, locale) : "";
  const message = refusal ? t(`errors.${refusal.error}`, { text: refusal.text, min: shownMin, max: shownMax }) : null;
  useEffect(() => {
    onEntryError?.(message);
  }, [message, onEntryError]);

  function emit(next: string) {
    setCommitted(next);
    if (next !== value) onChange(next);
  }

  /** Reads the box as it stands; true when it holds a value (or nothing). */
  function commit(current: string): boolean {
    const parsed = k.parse(current, { min, max });
    if (!parsed.ok) {
      setRefusal({ error: parsed.error, text: current.trim() });
      return false;
    }
    setRefusal(null);
    const shown = k.show(parsed.value, locale);
    setText(shown);
    textRef.current = shown;
    emit(parsed.value);
    return true;
  }

  // A form holding text that is no day does not submit: the person sees why beside the box.
  useEffect(() => {
    const form = inputRef.current?.form;
    if (!form) return;
    const guard = (e: SubmitEvent) => {
      if (k.parse(textRef.current, { min, max }).ok) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      commit(textRef.current);
      inputRef.current?.focus();
    };
    form.addEventListener("submit", guard);
    return () => form.removeEventListener("submit", guard);
  });

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) toggleRef.current?.focus();
  }

  // A click or tap outside closes the popup.
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (!wrapRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter" && !commit(e.currentTarget.value)) e.preventDefault();
    if (e.key === "ArrowDown" && e.altKey) {
      e.preventDefault();
      setOpen(true);
    }
  }

  function pick(next: string) {
    setRefusal(null);
    const shown = k.show(next, locale);
    setText(shown);
    textRef.current = shown;
    emit(next);
    close(true);
  }

  const invalid = Boolean(refusal) || props["aria-invalid"] === true || props["aria-invalid"] === "true";
  const describedBy = [props["aria-describedby"], refusal && !onEntryError ? errorId : null].filter(Boolean).join(" ") || undefined;
  const popupProps = { value, min, max, onPick: pick };

  return (
    <>
      <span className={["entry", props.className].filter(Boolean).join(" ")} ref={wrapRef}>
        <input
          ref={inputRef}
          type="text"
          id={props.id}
          value={text}
          placeholder={t(k.placeholder)}
          inputMode={k.inputMode}
          autoComplete="off"
          required={props.required}
          disabled={props.disabled}
          autoFocus={props.autoFocus}
          aria-label={props["aria-label"]}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            const next = e.target.value;
            setText(next);
            textRef.current = next;
            setRefusal(null);
            // Whole entries count at once (as a native input would); others, and an emptied box,
            // when the box is left, so a filter does not snap back while a new day is typed.
            const parsed = k.parse(next, { min, max });
            if (parsed.ok && parsed.value !== "" && k.complete(next)) emit(parsed.value);
          }}
          onBlur={(e) => commit(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button
          ref={toggleRef}
          type="button"
          className="entry-toggle"
          aria-label={kind === "time" ? t("openTimes") : t("openCalendar")}
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-controls={open ? popupId : undefined}
          disabled={props.disabled}
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">{kind === "time" ? "◷" : "▦"}</span>
        </button>
        {props.name ? <input type="hidden" name={props.name} value={value} /> : null}
        {open ? (
          <Popup id={popupId} label={t(kind === "date" ? "calendar" : kind === "month" ? "months" : "times")} onClose={() => close(true)}>
            {kind === "date" ? (
              <CalendarPopup {...popupProps} />
            ) : kind === "month" ? (
              <MonthPopup {...popupProps} />
            ) : (
              <TimePopup {...popupProps} step={step ?? 15} />
            )}
          </Popup>
        ) : null}
      </span>
      {message && !onEntryError ? (
        <span id={errorId} className="error" role="alert">
          {message}
        </span>
      ) : null}
    </>
  );
}

/** The popup's frame: a non-modal dialog under the box, kept inside the window; Escape closes it. */
function Popup({ id, label, onClose, children }: { id: string; label: string; onClose: () => void; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Shifted left when it would leave the window (a box at the right edge of a phone).
    const fit = () => {
      el.style.left = "0px";
      const rect = el.getBoundingClientRect();
      const over = rect.right - (document.documentElement.clientWidth - 8);
      if (over > 0) el.style.left = `${-Math.min(over, Math.max(0, rect.left - 8))}px`;
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      id={id}
      className="entry-popup"
      role="dialog"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        // Only the popup closes, not a dialog around it.
        e.preventDefault();
        e.stopPropagation();
        onClose();
      }}
    >
      {children}
    </div>
  );
}

/** A day, "YYYY-MM-DD", typed as dd.mm.yyyy (dd/mm/yyyy in English) or chosen in a calendar. */
export function DateInput(props: EntryProps) {
  return <EntryInput kind="date" {...props} />;
}

/** A time of day, "HH:mm", 24 h; the list offers every `step` minutes (15 unless told). */
export function TimeInput(props: EntryProps & { step?: number }) {
  return <EntryInput kind="time" {...props} />;
}

/** A month, "YYYY-MM", typed as mm.yyyy (mm/yyyy) or chosen on a year's month grid. */
export function MonthInput(props: EntryProps) {
  return <EntryInput kind="month" {...props} />;
}
