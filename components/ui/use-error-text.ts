"use client";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { knownMessage } from "./known-message";
import type { Format } from "@/lib/format";
import { useFormat } from "./use-format";

type ErrorData = {
  httpStatus?: number;
  app?: { messageKey: string; params: Record<string, string | number>; field: string | null } | null;
  fields?: { field: string; message: string }[] | null;
};

export type ErrorText = { message: string; fields: Record<string, string> };

/**
 * Words a tRPC error in the person's language: domain errors by their message key, input errors
 * per field, anything else as a generic failure (details stay in the server log).
 */
export function useErrorText() {
  const t = useTranslations();
  const format = useFormat();
  return useCallback(
    (error: unknown): ErrorText => {
      const data = (error as { data?: ErrorData } | null)?.data;
      if (data?.app) {
        const key = data.app.messageKey;
        const message = t.has(key) ? t(key, localised(data.app.params, format)) : t("errors.invalidInput");
        return { message, fields: data.app.field ? { [data.app.field]: message } : {} };
      }
      if (data?.fields?.length) {
        const fields: Record<string, string> = {};
        // A shared schema's refusal says why in the person's words; any other says "check this field".
        for (const f of data.fields) fields[f.field] = knownMessage(t, f.message) ?? t("errors.checkField");
        return { message: t("errors.checkFields"), fields };
      }
      // No answer at all: the request never reached the server, or its answer never came back.
      if (!data && isNetworkFailure(error)) return { message: t("errors.network"), fields: {} };
      if (data?.httpStatus === 401) return { message: t("errors.signInFirst"), fields: {} };
      if (data?.httpStatus === 403) return { message: t("errors.forbidden"), fields: {} };
      return { message: t("errors.unexpected"), fields: {} };
    },
    [t, format],
  );
}

/** The server names days and months as "2026-10-31" and "2026-10"; people read them formatted. */
function localised(params: Record<string, string | number>, format: Format): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) out[key] = format.date(value);
    else if (typeof value === "string" && /^\d{4}-\d{2}$/.test(value)) out[key] = format.monthShort(value);
    else out[key] = value;
  }
  return out;
}

function isNetworkFailure(error: unknown): boolean {
  if (typeof navigator !== "undefined" && !navigator.onLine) return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof TypeError || (error instanceof Error && /fetch|network/i.test(error.message));
}
