import { z } from "@/lib/zod";
import { fromForm } from "@/lib/form-schema";
import { instant, isCalendarDate, isoDate, multiLine, singleLine } from "@/lib/schemas";
import { CONSENTS, LANGUAGES, NETWORK_KINDS } from "@/db/schema/enums";
import { COUNTIES } from "@/lib/counties";

/** Inputs of the client procedures: the record, its team and network, access grants. */

/** Optional one-line text: empty means none. */
export const optionalText = singleLine(200)
  .nullable()
  .transform((v) => (v ? v : null));

/**
 * A client's record as the procedures take it. The personal code's check digit is checked in
 * createClient/updateClient (with the product's message for it), the same lib/identifiers rule
 * the form applies through the personalCode schema.
 */
export const clientInput = z.object({
  personalCode: singleLine(11)
    .nullable()
    .transform((v) => (v ? v : null)),
  birthDate: isoDate.nullable(),
  firstName: singleLine(100).min(1),
  lastName: singleLine(100).min(1),
  email: optionalText,
  phone: optionalText,
  address: singleLine(300),
  /** The address's county, for the clients report; absent is unknown. */
  county: z.enum(COUNTIES).nullish(),
  /** Name and contact of a guardian or other legal representative; absent: left as it is. */
  legalRepresentative: singleLine(300).optional(),
  preferredLanguage: z.enum(LANGUAGES),
  notes: multiLine(5000),
  unitIds: z.array(z.uuid()).max(20),
  caseManagerId: z.uuid().nullable(),
});
export type ClientInput = z.output<typeof clientInput>;
export const updateClientInput = clientInput.extend({ clientId: z.uuid() });

export const clientRef = z.object({ clientId: z.uuid() });
export const listClientsInput = z
  .object({
    search: singleLine(100).optional(),
    unitId: z.uuid().optional(),
    caseManagerId: z.uuid().optional(),
    fundingSourceId: z.uuid().optional(),
  })
  .default({});

/** The client's team: the employees who work with them (at most 50). */
export const setTeamInput = clientRef.extend({ employeeIds: z.array(z.uuid()).max(50) });

/** A person of the client's network as the procedure takes it. */
export const contactInput = z.object({
  kind: z.enum(NETWORK_KINDS),
  name: singleLine(200).min(1),
  organisation: singleLine(200),
  phone: optionalText,
  email: optionalText,
  consents: z.array(z.enum(CONSENTS)).max(CONSENTS.length),
  note: multiLine(2000),
});
export type NetworkContactInput = z.output<typeof contactInput>;
export const saveContactInput = contactInput.extend({ clientId: z.uuid(), id: z.uuid().nullable() });
/** The contact form's values: what the procedure takes, with the text fields as typed (empty is none). */
export type ContactValues = z.input<typeof saveContactInput>;
export type ContactSubmission = z.output<typeof saveContactInput>;
export type TeamSubmission = z.output<typeof setTeamInput>;
export const deleteContactInput = clientRef.extend({ id: z.uuid() });

export const grantAccessInput = clientRef.extend({ employeeId: z.uuid(), reason: multiLine(500).trim().min(1), validUntil: instant });
/** The access grant form's values: the last day as typed, which the grant lasts to the end of (in the browser's zone). */
export type GrantValues = { clientId: string; employeeId: string; reason: string; validUntil: string };
export type GrantSubmission = z.output<typeof grantAccessInput>;
const toGrant = (v: GrantValues) => ({
  ...v,
  validUntil: isCalendarDate(v.validUntil) ? new Date(`${v.validUntil}T23:59:59`) : new Date(Number.NaN),
});
// The domain's rule for the end (network.ts grantAccess), under its message key, said before sending.
export const grantForm = Object.assign(
  fromForm(grantAccessInput, toGrant).refine((g) => g.validUntil.getTime() > Date.now(), {
    path: ["validUntil"],
    message: "errors.grantEndInPast",
  }),
  { toInput: toGrant },
);

export const revokeAccessInput = clientRef.extend({ grantId: z.uuid() });
