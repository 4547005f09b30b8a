import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/i18n/messages";
import { INPUT_MESSAGES } from "@/lib/schemas";
import { z } from "@/lib/zod";
import { decisionForm, entryForm } from "@/server/funding/schemas";
import { knownMessage } from "./known-message";
import { issueText, schemaResolver } from "./schema-resolver";

/** The words a form shows for a shared schema's refusal, in both languages. */
const et = createTranslator({ locale: "et", messages: MESSAGES.et }) as never;
const en = createTranslator({ locale: "en", messages: MESSAGES.en }) as never;

const firstIssue = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error!.issues[0]!;

describe("a refusal in the person's language", () => {
  it("every message of lib/schemas has its text in Estonian and English", () => {
    for (const text of Object.values(INPUT_MESSAGES)) {
      for (const t of [et, en]) {
        const worded = knownMessage(t, text);
        expect(worded, text).toBeTruthy();
        expect(worded, text).not.toMatch(/^validation\./);
      }
    }
    expect(knownMessage(et, INPUT_MESSAGES.noSuchDay)).toBe("Sellist päeva ei ole.");
    expect(knownMessage(en, INPUT_MESSAGES.dateRange)).toBe("Choose a day from 1900-01-01 to 2100-12-31.");
  });

  it("a form's own check says it with the domain's message key", () => {
    expect(knownMessage(et, "errors.sessionEndsBeforeStart")).toBe("Seanss peab lõppema pärast algust.");
    expect(knownMessage(et, "Some English text. Not a key")).toBeNull();
  });

  it("zod's own refusals are worded by what was refused", () => {
    expect(issueText(et, firstIssue(z.string().min(1), ""))).toBe("Kohustuslik väli.");
    expect(issueText(en, firstIssue(z.string().max(5), "pikk tekst"))).toBe("Enter at most 5 characters.");
    expect(issueText(en, firstIssue(z.number().positive(), 0))).toBe("Enter a number above zero.");
    expect(issueText(en, firstIssue(z.number().max(999), 1000))).toBe("Enter at most 999.");
    expect(issueText(en, firstIssue(z.number(), Number.NaN))).toBe("Enter a number.");
    expect(issueText(en, firstIssue(z.number().int(), 1.5))).toBe("Enter a whole number.");
    expect(issueText(en, firstIssue(z.uuid(), ""))).toBe("Choose a valid value.");
    expect(issueText(et, firstIssue(z.array(z.string()).min(1), []))).toBe("Vali vähemalt üks.");
  });

  it("the dataset form's 0 units is refused on the units field", () => {
    const values = {
      clientId: "",
      decisionId: "",
      serviceId: "",
      serviceDate: "2026-03-02",
      units: "0",
      specialistId: "",
      description: "",
    };
    const units = entryForm.safeParse(values).error!.issues.find((i) => i.path[0] === "units")!;
    expect(issueText(et, units)).toBe("Sisesta nullist suurem arv.");
  });

  it("the resolver words a form's refusals beside their fields, with the form's own texts, and leaves the DOM alone", async () => {
    // A registered field's ref is its element; jsdom-free stand-in with a cycle, as React's fibers have.
    const element: Record<string, unknown> = { tagName: "INPUT" };
    element.self = element;
    const options = {
      fields: { units: { ref: element, name: "units" }, serviceDate: { ref: element, name: "serviceDate" } },
      shouldUseNativeValidation: false,
    } as never;
    const values = {
      clientId: "",
      decisionId: "",
      serviceId: "",
      serviceDate: "2026-02-30",
      units: "0",
      specialistId: "",
      description: "",
    };
    const { errors } = await schemaResolver(entryForm, et, { serviceId: "Vali teenus." })(values, undefined, options);
    const e = errors as Record<string, { message: string; ref?: unknown }>;
    expect(e.units!.message).toBe("Sisesta nullist suurem arv.");
    expect(e.serviceDate!.message).toBe("Sellist päeva ei ole.");
    expect(e.serviceId!.message).toBe("Vali teenus.");
    expect(e.units!.ref).toBe(element);
  });

  it("a decision's limit row without a service is refused on that row's service field, not dropped", async () => {
    const options = { fields: {}, shouldUseNativeValidation: false } as never;
    const values = {
      fundingSourceId: "0b7e0a8e-8c5c-4c1b-9d5e-3f3b8f9a1c01",
      decisionNumber: "K1",
      decisionDate: "2026-01-05",
      startDate: "2026-01-05",
      endDate: "2026-12-31",
      targetGroup: "",
      periodCapCents: "",
      yearlyCapCents: "",
      monthlyCapCents: "",
      serviceLimits: [
        { serviceId: "0b7e0a8e-8c5c-4c1b-9d5e-3f3b8f9a1c02", maxUnits: "10" },
        { serviceId: "", maxUnits: "5" },
      ],
    };
    const { errors } = await schemaResolver(decisionForm, et)(values, undefined, options);
    const rows = (errors as { serviceLimits?: ({ serviceId?: { message: string }; maxUnits?: unknown } | undefined)[] }).serviceLimits!;
    expect(rows[0]).toBeUndefined();
    expect(rows[1]!.serviceId!.message).toBe("Vali sobiv väärtus.");
    expect(rows[1]!.maxUnits).toBeUndefined();
    expect(Object.keys(errors)).toEqual(["serviceLimits"]);
  });
});
