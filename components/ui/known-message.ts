import type { useTranslations } from "next-intl";
import { DATE_MAX, DATE_MIN, INPUT_MESSAGES, type InputMessageKey } from "@/lib/input-messages";

/** Kept apart from schema-resolver.ts so pages that only show server errors load no zod. */
export type Translate = ReturnType<typeof useTranslations<never>>;

const keyOfText = new Map(Object.entries(INPUT_MESSAGES).map(([key, text]) => [text as string, key as InputMessageKey]));
const rangeOf: Partial<Record<InputMessageKey, { min: string; max: string }>> = {
  dateRange: { min: DATE_MIN, max: DATE_MAX },
  timeRange: { min: DATE_MIN, max: DATE_MAX },
  monthRange: { min: DATE_MIN.slice(0, 7), max: DATE_MAX.slice(0, 7) },
};

/**
 * The person's words for a refusal a schema worded itself: one of lib/schemas' messages (the
 * server sends the same English text), or a message key such as "errors.sessionEndsBeforeStart"
 * that a form's own check shares with the domain. Null when the text is neither.
 */
export function knownMessage(t: Translate, message: string): string | null {
  const key = keyOfText.get(message);
  if (key) return t(`validation.${key}`, rangeOf[key] ?? {});
  if (/^[\w-]+(\.[\w-]+)+$/.test(message) && t.has(message)) return t(message);
  return null;
}
