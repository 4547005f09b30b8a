/**
 * The client form's values and what they become for the server: apart from the form itself, so
 * that a page opens without the form's code (react-hook-form, the schemas), which loads with the
 * dialog that shows it.
 */
import type { Language } from "@/db/schema/enums";
import type { County } from "@/lib/counties";

export type ClientFormValues = {
  personalCode: string;
  foreign: boolean;
  birthDate: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: string;
  county: County | "";
  legalRepresentative: string;
  preferredLanguage: Language;
  notes: string;
  unitIds: string[];
  caseManagerId: string;
};

export const EMPTY_CLIENT: ClientFormValues = {
  personalCode: "",
  foreign: false,
  birthDate: "",
  firstName: "",
  lastName: "",
  email: "",
  phone: "",
  address: "",
  county: "",
  legalRepresentative: "",
  preferredLanguage: "et",
  notes: "",
  unitIds: [],
  caseManagerId: "",
};

export function toClientInput(v: ClientFormValues) {
  return {
    personalCode: v.foreign ? null : v.personalCode.trim() || null,
    birthDate: v.foreign ? v.birthDate || null : null,
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email || null,
    phone: v.phone || null,
    address: v.address,
    county: v.county || null,
    legalRepresentative: v.legalRepresentative,
    preferredLanguage: v.preferredLanguage,
    notes: v.notes,
    unitIds: v.unitIds,
    caseManagerId: v.caseManagerId || null,
  };
}
