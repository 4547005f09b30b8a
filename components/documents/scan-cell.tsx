"use client";
import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import { useFormat } from "@/components/ui/use-format";

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * The received-and-signed state of an attendance sheet: the signed scan's link once uploaded,
 * else a file picker that uploads a PDF, PNG or JPEG of at most 5 MB (the server checks the bytes).
 */
export function ScanCell({
  documentId,
  signedScanAt,
  canUpload,
  canOpen,
  onUploaded,
  onError,
}: {
  documentId: string;
  signedScanAt: Date | string | null;
  canUpload: boolean;
  /** Opening the scan reads the clinical record: the link only for who may. */
  canOpen: boolean;
  onUploaded: () => void;
  onError: (message: string) => void;
}) {
  const t = useTranslations("documents.scan");
  const tAll = useTranslations();
  const format = useFormat();
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  if (signedScanAt) {
    return (
      <span>
        {t("signed", { when: format.date(new Date(signedScanAt)) })}{" "}
        {canOpen ? (
          <a href={`/api/documents/${documentId}/scan`} download>
            {t("open")}
          </a>
        ) : null}
      </span>
    );
  }
  if (!canUpload) return <span>{t("notSigned")}</span>;

  async function upload(file: File | undefined) {
    if (!file) return;
    // The same limit as the server's, told before a long upload; the server decides in the end.
    if (file.size > MAX_BYTES) {
      onError(tAll("errors.scanTooLarge", { maxMb: 5 }));
      return;
    }
    setBusy(true);
    try {
      const body = new FormData();
      body.append("file", file);
      const res = await fetch(`/api/documents/${documentId}/scan`, { method: "POST", body });
      if (res.ok) {
        onUploaded();
        return;
      }
      const answer = (await res.json().catch(() => null)) as { messageKey?: string; params?: Record<string, string | number> } | null;
      onError(answer?.messageKey && tAll.has(answer.messageKey) ? tAll(answer.messageKey, answer.params ?? {}) : tAll("errors.unexpected"));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }
  return (
    <span>
      <label htmlFor={inputId} className="btn link">
        {busy ? t("uploading") : t("upload")}
      </label>
      <input
        id={inputId}
        ref={input}
        type="file"
        accept="application/pdf,image/png,image/jpeg"
        className="visually-hidden"
        disabled={busy}
        onChange={(e) => void upload(e.target.files?.[0])}
      />
    </span>
  );
}
