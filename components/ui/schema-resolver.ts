"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import type { FieldErrors, FieldValues, Resolver } from "react-hook-form";
import type { $ZodIssue } from "zod/v4/core";
import { knownMessage, type Translate } from "./known-message";
import type { z } from "@/lib/zod";

/** Words for zod's own refusals (a required field, a number out of range…), by what was refused. */
export function issueText(t: Translate, issue: $ZodIssue): string {
  switch (issue.code) {
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "array" || issue.origin === "set") return t("validation.chooseAtLeast", { min });
      if (issue.origin === "string") return min <= 1 ? t("validation.required") : t("validation.minLength", { min });
      if (!issue.inclusive) return min === 0 ? t("validation.aboveZero") : t("validation.above", { min });
      return t("validation.atLeast", { min });
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "array" || issue.origin === "set") return t("validation.chooseAtMost", { max });
      if (issue.origin === "string") return t("validation.maxLength", { max });
      return issue.inclusive ? t("validation.atMost", { max }) : t("validation.below", { max });
    }
    case "invalid_type":
      if (issue.expected === "int") return t("validation.wholeNumber");
      return issue.expected === "number" ? t("validation.number") : t("validation.required");
    case "invalid_format":
      return issue.format === "email" ? t("validation.email") : t("validation.choose");
    case "invalid_value":
      return t("validation.choose");
    default:
      return t("errors.checkField");
  }
}

// Only the error tree itself: a leaf's `ref` is the DOM element, whose own properties lead into React's fibers.
const isTree = (value: unknown): value is FieldErrors =>
  Array.isArray(value) || (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype);

function translateTree(errors: FieldErrors, t: Translate) {
  for (const [key, value] of Object.entries(errors)) {
    if (key === "ref" || !isTree(value)) continue;
    const leaf = value as { message?: unknown; type?: unknown };
    if (typeof leaf.message === "string" && typeof leaf.type === "string") {
      leaf.message = knownMessage(t, leaf.message) ?? leaf.message;
    }
    translateTree(value, t);
  }
}

/** A form's own words for a field's refusal: by field ("workTypeId") or by field and zod code ("hours:invalid_type"). */
export type FieldMessages = Record<string, string>;

/**
 * react-hook-form's zod resolver on a shared schema (server/<area>/schemas.ts), with the refusals
 * in the person's language: the form refuses exactly what the procedure would, before sending.
 */
export function useSchemaResolver<Input extends FieldValues, Output>(
  schema: z.ZodType<Output, Input>,
  messages: FieldMessages = {},
): Resolver<Input, unknown, Output> {
  const t = useTranslations() as unknown as Translate;
  const wording = JSON.stringify(messages);
  return useMemo(() => schemaResolver(schema, t, JSON.parse(wording) as FieldMessages), [schema, t, wording]);
}

/** useSchemaResolver's work, given the translator. */
export function schemaResolver<Input extends FieldValues, Output>(
  schema: z.ZodType<Output, Input>,
  t: Translate,
  own: FieldMessages = {},
): Resolver<Input, unknown, Output> {
  const base = zodResolver(schema, { error: (issue) => issueText(t, issue as $ZodIssue) }) as unknown as Resolver<Input, unknown, Output>;
  return async (values, context, options) => {
    const result = await base(values, context, options);
    const errors = result.errors as FieldErrors;
    translateTree(errors, t);
    for (const [field, error] of Object.entries(errors)) {
      const text = own[`${field}:${String(error?.type)}`] ?? own[field];
      if (error && text) error.message = text;
    }
    return result;
  };
}
