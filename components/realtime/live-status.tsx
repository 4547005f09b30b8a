"use client";
import { useTranslations } from "next-intl";
import { useLiveStatus } from "./use-live-refresh";

/** "Updates live", "Connecting…" or "Connection lost…": re-renders alone when the socket's state changes. */
export function LiveStatus() {
  const status = useLiveStatus();
  const t = useTranslations("scheduling");
  return <span className={`live-status ${status}`}>{t(`live.${status}`)}</span>;
}
