"use client";
import { useTranslations } from "next-intl";
import { Dialog } from "./dialog";

/** Asks before a destructive action; the destructive button says what it does. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
}: {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}) {
  const t = useTranslations("common");
  return (
    <Dialog open={open} title={title} onClose={onCancel}>
      <p>{message}</p>
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onCancel} autoFocus>
          {t("cancel")}
        </button>
        <button type="button" className="btn danger" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
