"use client";
import { useTranslations } from "next-intl";
import { useCallback } from "react";

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
  return useCallback(
    (error: unknown): ErrorText => {
      const data = (error as { data?: ErrorData } | null)?.data;
      if (data?.app) {
        const key = data.app.messageKey;
        const message = t.has(key) ? t(key, data.app.params) : t("errors.invalidInput");
        return { message, fields: data.app.field ? { [data.app.field]: message } : {} };
      }
      if (data?.fields?.length) {
        const fields: Record<string, string> = {};
        for (const f of data.fields) fields[f.field] = t("errors.checkField");
        return { message: t("errors.checkFields"), fields };
      }
      if (data?.httpStatus === 401) return { message: t("errors.signInFirst"), fields: {} };
      if (data?.httpStatus === 403) return { message: t("errors.forbidden"), fields: {} };
      return { message: t("errors.unexpected"), fields: {} };
    },
    [t],
  );
}
