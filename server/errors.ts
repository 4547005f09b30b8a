/**
 * The one domain error type. Domain code throws AppError; the tRPC error formatter maps its code
 * to a tRPC code and passes `messageKey`/`params`/`field` to the UI, which words it in the
 * person's language. `message` is the English fallback for logs and API callers.
 */
export type AppErrorCode =
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "CONFLICT"
  | "LIMIT_EXCEEDED"
  | "MONTH_LOCKED"
  | "TOO_MANY_REQUESTS"
  | "UNAVAILABLE";

export type AppErrorParams = Record<string, string | number>;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly messageKey: string;
  readonly params: AppErrorParams;
  readonly field?: string;

  constructor(
    code: AppErrorCode,
    messageKey: string,
    message: string,
    opts: { params?: AppErrorParams; field?: string; cause?: unknown } = {},
  ) {
    // An expected refusal, answered to the person and never logged with a trace, carries no stack:
    // capturing one, and formatting it when tRPC copies its cause's stack (through Next's
    // source-map hook), cost bench:booking's server about 5 % of its CPU per attempt with two in
    // five attempts refused (paired runs). Its messageKey says where it comes from; a cause keeps
    // its own stack.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, { cause: opts.cause });
    Error.stackTraceLimit = limit;
    this.name = "AppError";
    this.code = code;
    this.messageKey = messageKey;
    this.params = opts.params ?? {};
    this.field = opts.field;
  }
}

export const invalid = (field: string, messageKey: string, message: string, params?: AppErrorParams) =>
  new AppError("INVALID_INPUT", messageKey, message, { field, params });

export const notFound = (what: string) => new AppError("NOT_FOUND", "errors.notFound", `${what} not found`, { params: { what } });

export const forbidden = () => new AppError("FORBIDDEN", "errors.forbidden", "You do not have permission to do this");

/** The database is down (restarting); the request was not carried out and may be repeated. */
export const unavailable = (cause?: unknown) =>
  new AppError("UNAVAILABLE", "errors.databaseUnavailable", "The database is restarting; please try again in a moment", { cause });

// The driver's own codes for a lost or refused connection, and PostgreSQL's for a server that is
// shutting down, crashed or still starting (57P01-57P03) or a connection failure (class 08).
const CONNECTION_LOST = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
]);

/** Whether the error is the database going away rather than refusing the request. */
export function isConnectionLost(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_LOST.has(code) || code.startsWith("08"))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

type PgError = { code?: string; constraint_name?: string; constraint?: string; detail?: string };

/** The PostgreSQL error inside a driver or Drizzle error, if any. */
export function pgErrorOf(err: unknown): PgError | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const candidate = e as PgError & { cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    e = candidate.cause;
  }
  return undefined;
}

/**
 * Constraint names read as sentences; each known one maps to the field and message a person
 * sees. Unknown violations still become a CONFLICT/INVALID_INPUT, never a 500.
 */
type ConstraintMessage = {
  field?: string;
  key: string;
  message: string;
  /** A code other than the one the SQLSTATE implies (a trigger's locked month is MONTH_LOCKED). */
  code?: AppErrorCode;
  /** The refusal's DETAIL is JSON whose figures go into the message's params. */
  detailParams?: boolean;
};

const constraintMessages: Record<string, ConstraintMessage> = {
  employees_personal_code_unique: {
    field: "personalCode",
    key: "errors.personalCodeTaken",
    message: "An employee with this personal code already exists",
  },
  employees_personal_code_valid: { field: "personalCode", key: "errors.personalCodeInvalid", message: "Invalid personal code" },
  employees_weekly_hours_range: { field: "weeklyHours", key: "errors.weeklyHoursRange", message: "Weekly hours must be between 0 and 60" },
  units_no_cycle: { field: "parentId", key: "errors.unitCycle", message: "A unit cannot be moved under itself or its own sub-unit" },
  units_not_own_parent: { field: "parentId", key: "errors.unitCycle", message: "A unit cannot be moved under itself or its own sub-unit" },
  units_sibling_names_unique: { field: "name", key: "errors.unitNameTaken", message: "A unit with this name already exists at this level" },
  units_parent_id_units_id_fk: { key: "errors.unitHasChildren", message: "The unit still has sub-units" },
  employee_units_unit_id_units_id_fk: { key: "errors.unitHasMembers", message: "The unit still has members" },
  client_units_unit_id_units_id_fk: { key: "errors.unitHasMembers", message: "The unit still has members" },
  roles_name_unique: { field: "name", key: "errors.roleNameTaken", message: "A role with this name already exists" },
  roles_have_permissions: {
    field: "permissions",
    key: "errors.roleWithoutPermissions",
    message: "A role must grant at least one permission",
  },
  employee_roles_role_id_roles_id_fk: { key: "errors.roleInUse", message: "The role is still assigned to employees" },
  specialties_code_unique: { field: "code", key: "errors.specialtyCodeTaken", message: "A specialty with this code already exists" },
  employee_specialties_specialty_id_specialties_id_fk: {
    key: "errors.specialtyInUse",
    message: "The specialty is still assigned to employees",
  },
  institution_settings_registry_code_valid: { field: "registryCode", key: "errors.registryCodeInvalid", message: "Invalid registry code" },
  clients_personal_code_unique: {
    field: "personalCode",
    key: "errors.clientPersonalCodeTaken",
    message: "A client with this personal code already exists",
  },
  clients_personal_code_valid: { field: "personalCode", key: "errors.personalCodeInvalid", message: "Invalid personal code" },
  clients_identified: {
    field: "birthDate",
    key: "errors.clientNeedsCodeOrBirthDate",
    message: "Give a personal code or, for a foreign client, a birth date",
  },
  funding_sources_name_unique: {
    field: "name",
    key: "catalogueErrors.fundingSourceNameTaken",
    message: "A funding source with this name already exists",
  },
  funding_sources_registry_code_valid: { field: "payerRegistryCode", key: "errors.registryCodeInvalid", message: "Invalid registry code" },
  funding_sources_kind_known: { field: "kind", key: "catalogueErrors.kindUnknown", message: "Unknown funding kind" },
  rooms_name_unique: { field: "name", key: "errors.roomNameTaken", message: "A room with this name already exists" },
  services_code_unique: { field: "code", key: "catalogueErrors.serviceCodeTaken", message: "A service with this code already exists" },
  services_billing_unit_known: { field: "billingUnit", key: "catalogueErrors.billingUnitUnknown", message: "Unknown billing unit" },
  services_vat_status_known: { field: "vatStatus", key: "catalogueErrors.vatStatusUnknown", message: "Unknown VAT status" },
  services_group_size_only_for_groups: {
    field: "maxGroupSize",
    key: "catalogueErrors.groupSizeOnlyForGroups",
    message: "Only a group service has a group size, and at least 2",
  },
  services_specialty_id_specialties_id_fk: {
    key: "catalogueErrors.specialtyUsedByServices",
    message: "The specialty is assigned to services",
  },
  price_list_versions_no_overlap: {
    field: "validFrom",
    key: "catalogueErrors.priceVersionOverlapDb",
    message: "The validity overlaps another version of this price list",
  },
  price_list_versions_period_valid: {
    field: "validTo",
    key: "catalogueErrors.periodEndsBeforeStart",
    message: "The period ends before it starts",
  },
  price_list_versions_funding_source_id_funding_sources_id_fk: {
    key: "catalogueErrors.fundingSourceInUse",
    message: "The funding source has price lists",
  },
  price_list_items_service_id_services_id_fk: { key: "catalogueErrors.serviceInUse", message: "The service is used in price lists" },
  price_list_items_price_not_negative: { key: "catalogueErrors.priceNotNegative", message: "A price cannot be negative" },
  price_list_items_vat_status_known: { key: "catalogueErrors.vatStatusUnknown", message: "Unknown VAT status" },
  price_list_items_vat_rate_when_taxable: { key: "catalogueErrors.vatRateWhenTaxable", message: "Only a taxable item has a VAT rate" },
  price_list_items_vat_rate_kind_known: { key: "vatErrors.kindUnknown", message: "Unknown VAT rate kind" },
  vat_rates_no_overlap: { field: "validFrom", key: "vatErrors.overlapDb", message: "The period overlaps another rate of the same kind" },
  vat_rates_period_valid: { field: "validTo", key: "catalogueErrors.periodEndsBeforeStart", message: "The period ends before it starts" },
  vat_rates_rate_range: { field: "rate", key: "vatErrors.rateRange", message: "A VAT rate is above 0 and below 100 percent" },
  vat_rates_kind_known: { field: "kind", key: "vatErrors.kindUnknown", message: "Unknown VAT rate kind" },
  funding_sources_einvoice_format_known: {
    field: "einvoiceFormat",
    key: "vatErrors.einvoiceFormatUnknown",
    message: "Unknown e-invoice format",
  },
  service_entries_vat_rate_exists: {
    field: "serviceDate",
    key: "vatErrors.noRateOnDay",
    message: "The VAT rate table has no rate of this item's kind on this day",
    detailParams: true,
  },
  funding_decisions_rehabilitation_no_overlap: {
    field: "startDate",
    key: "errors.rehabilitationOverlap",
    message: "The client already has a social or vocational rehabilitation decision in this period",
  },
  funding_decisions_number_unique: {
    field: "decisionNumber",
    key: "errors.decisionNumberTaken",
    message: "This funder already has a decision with this number",
  },
  funding_decisions_period_valid: { field: "endDate", key: "errors.periodEndsBeforeStart", message: "The period ends before it starts" },
  service_entries_within_decision_period: {
    field: "serviceDate",
    key: "errors.entryOutsideDecision",
    message: "The date is outside the decision period",
  },
  service_entries_price_exists: {
    field: "serviceDate",
    key: "errors.noPriceOnDay",
    message: "The price list has no price for this service on this day",
  },
  invoices_numbered_frozen: { key: "billingErrors.invoiceFrozen", message: "A numbered invoice cannot be changed; make a credit note" },
  invoices_numbered_not_deleted: {
    key: "billingErrors.invoiceFrozen",
    message: "A numbered invoice cannot be changed; make a credit note",
  },
  invoices_series_sequence_unique: { key: "errors.retry", message: "Someone confirmed an invoice at the same time; please try again" },
  // Payments: the trigger in db/functions/ and the keys of migration 0024.
  payment_allocations_within_payment: {
    field: "allocations",
    key: "paymentsErrors.moreThanPaymentDb",
    message: "The allocations would exceed the payment",
    detailParams: true,
  },
  payment_allocations_within_invoice: {
    field: "allocations",
    key: "paymentsErrors.moreThanInvoiceDb",
    message: "The allocations would exceed what the invoice asks for",
    detailParams: true,
  },
  payment_allocations_numbered_invoice: {
    field: "invoiceId",
    key: "paymentsErrors.invoiceNotPayable",
    message: "Only a confirmed or sent invoice (not a draft or credit note) takes payments",
  },
  bank_statements_imported_once: {
    key: "paymentsErrors.statementRace",
    message: "The statement was imported by someone else a moment ago",
  },
  payments_bank_entry_once: { key: "paymentsErrors.statementRace", message: "The statement was imported by someone else a moment ago" },
  service_reports_one_per_decision_and_month: { key: "billingErrors.reportAlreadyConfirmed", message: "The month is already confirmed" },
  // Exclusion constraints of migration 0006: someone else booked the same time a moment earlier.
  sessions_room_no_overlap: {
    field: "roomId",
    key: "errors.roomTakenRace",
    message: "The room was booked for this time by someone else a moment ago",
  },
  session_specialists_no_overlap: {
    field: "specialistIds",
    key: "errors.specialistBusyRace",
    message: "A specialist was booked for this time by someone else a moment ago",
  },
  session_participants_no_overlap: {
    field: "participants",
    key: "errors.clientBusyRace",
    message: "A client was booked for this time by someone else a moment ago",
  },
  // Trigger sessions_time_plausible (db/functions/): the times of any session write.
  sessions_long_enough: {
    field: "endsAt",
    key: "errors.sessionTooShort",
    message: "The session is too short for its service",
    detailParams: true,
  },
  sessions_within_two_years: {
    field: "startsAt",
    key: "errors.sessionTooFarAhead",
    message: "A session can be booked at most two years ahead",
    detailParams: true,
  },
  // Triggers in db/functions/: only a service billed by time is a session (billed_by_time).
  sessions_service_billed_by_time: {
    field: "serviceId",
    key: "errors.serviceNotBilledByTime",
    message: "This service is not billed by time and cannot be booked as a session",
    detailParams: true,
  },
  services_with_sessions_billed_by_time: {
    field: "billingUnit",
    key: "catalogueErrors.billingUnitHasSessions",
    message: "The service has sessions: its billing unit must stay one by time",
  },
  // Workload: checks of migration 0010 and the triggers in db/functions/.
  time_entries_hours_range: { field: "hours", key: "errors.workHoursRange", message: "Hours must be more than 0 and at most 24" },
  time_entries_note_length: { field: "note", key: "errors.workNoteTooLong", message: "The note is too long" },
  time_entries_day_at_most_24_hours: {
    field: "hours",
    key: "errors.workDayOver24",
    message: "A day holds at most 24 hours of work",
    detailParams: true,
  },
  time_entries_type_of_own_unit: { field: "workTypeId", key: "errors.workTypeOtherUnit", message: "The work type belongs to another unit" },
  time_entries_work_type_id_work_types_id_fk: {
    field: "workTypeId",
    key: "errors.workTypeInUse",
    message: "Time has been logged under this work type",
  },
  dataset_signed: {
    field: "serviceDate",
    key: "errors.datasetSigned",
    message: "The dataset of this period is signed",
    code: "MONTH_LOCKED",
    detailParams: true,
  },
  // Rehabilitation plans (db/functions/rehabilitation_plans_transition.sql)
  rehabilitation_plan_transition: {
    field: "status",
    key: "planErrors.transitionRefused",
    message: "The plan cannot move to this state from its current one",
    code: "CONFLICT",
    detailParams: true,
  },
  rehabilitation_plan_not_draft: {
    key: "planErrors.notDraft",
    message: "The plan has left draft and cannot change",
    code: "CONFLICT",
    detailParams: true,
  },
  rehabilitation_plan_needs_goals: {
    field: "goals",
    key: "planErrors.goalsRequired",
    message: "Write at least one goal agreed with the client",
  },
  rehabilitation_plan_needs_team: { field: "team", key: "planErrors.teamIncomplete", message: "The assessing team is incomplete" },
  rehabilitation_plans_one_in_approval_per_decision: {
    field: "decisionId",
    key: "planErrors.anotherInApproval",
    message: "Another plan of this decision is already on its way to approval",
  },
  time_entries_month_not_approved: {
    field: "workDate",
    key: "errors.monthApproved",
    message: "The month's time sheet is approved",
    code: "MONTH_LOCKED",
    detailParams: true,
  },
  possible_hours_overrides_month_not_approved: {
    field: "month",
    key: "errors.monthApproved",
    message: "The month's time sheet is approved",
    code: "MONTH_LOCKED",
    detailParams: true,
  },
  possible_hours_overrides_hours_not_negative: {
    field: "possibleHours",
    key: "errors.possibleHoursNegative",
    message: "Possible hours cannot be below zero",
  },
  possible_hours_overrides_hours_at_most_month: {
    field: "possibleHours",
    key: "errors.possibleHoursTooMany",
    message: "A month has at most 744 hours",
  },
  work_types_name_unique: { field: "name", key: "errors.workTypeNameTaken", message: "A work type with this name already exists here" },
  work_types_name_not_blank: { field: "name", key: "errors.required", message: "The work type needs a name" },
  timesheet_approvals_one_open_per_unit_month: {
    field: "month",
    key: "errors.sheetAlreadyApproved",
    message: "This month is already approved for the unit",
  },
};

/** The figures a trigger put in DETAIL as JSON, as message params. */
function detailFigures(detail: string | undefined): AppErrorParams {
  try {
    const parsed = JSON.parse(detail ?? "{}") as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed)
        .filter(([, v]) => typeof v === "string" || typeof v === "number")
        .map(([k, v]) => [k, v as string | number]),
    );
  } catch {
    return {};
  }
}

/** Hard limits refused by the service_entries trigger: the detail carries the figures. */
const limitMessages: Record<string, { key: string; message: string; money: boolean }> = {
  service_entries_period_cap: {
    key: "errors.limitPeriodCap",
    message: "The money cap of the decision period would be exceeded",
    money: true,
  },
  service_entries_yearly_cap: { key: "errors.limitYearlyCap", message: "The calendar-year money cap would be exceeded", money: true },
  service_entries_monthly_cap: { key: "errors.limitMonthlyCap", message: "The monthly cap (capitation) would be exceeded", money: true },
  service_entries_service_volume: {
    key: "errors.limitServiceVolume",
    message: "The approved volume of the service would be exceeded",
    money: false,
  },
  service_entries_service_in_plan: {
    key: "errors.limitServiceNotInPlan",
    message: "The service is not in the funder's approved plan",
    money: false,
  },
};

function limitError(constraint: string, detail: string | undefined, cause: unknown): AppError | null {
  const known = limitMessages[constraint];
  if (!known) return null;
  let figures: { limit?: number; used?: number; asked?: number; service?: string; unit?: string } = {};
  try {
    figures = JSON.parse(detail ?? "{}");
  } catch {
    figures = {};
  }
  const scale = known.money ? 100 : 1;
  const limit = Number(figures.limit ?? 0) / scale;
  const used = Number(figures.used ?? 0) / scale;
  const asked = Number(figures.asked ?? 0) / scale;
  return new AppError("LIMIT_EXCEEDED", known.key, `${known.message}: remaining ${Math.max(0, limit - used)}, asked ${asked}`, {
    field: constraint === "service_entries_service_in_plan" ? "serviceId" : "units",
    params: {
      limit,
      used,
      asked,
      remaining: Math.max(0, Math.round((limit - used) * 100) / 100),
      // A service's limit names the service and its unit (the trigger sends them).
      ...(typeof figures.service === "string" ? { service: figures.service } : {}),
      ...(typeof figures.unit === "string" ? { unit: figures.unit } : {}),
    },
    cause,
  });
}

/** A write into a month whose service report is confirmed (the month-lock triggers in db/functions/). */
function monthLockedError(detail: string | undefined, cause: unknown): AppError {
  let month = "";
  try {
    month = String(JSON.parse(detail ?? "{}").month ?? "");
  } catch {
    month = "";
  }
  return new AppError("MONTH_LOCKED", "errors.monthLocked", `The month ${month} is confirmed and locked for this client`, {
    params: { month },
    cause,
  });
}

/** Turns expected PostgreSQL refusals into AppErrors; returns the input when it is not one. */
export function translateDbError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (isConnectionLost(err)) return unavailable(err);
  const pg = pgErrorOf(err);
  if (!pg?.code) return err;
  const constraint = pg.constraint_name ?? pg.constraint ?? "";
  const limit = pg.code === "23514" ? limitError(constraint, pg.detail, err) : null;
  if (limit) return limit;
  if (pg.code === "23514" && constraint === "month_locked") return monthLockedError(pg.detail, err);
  const known = constraintMessages[constraint];
  const opts = { field: known?.field, cause: err, params: { constraint, ...(known?.detailParams ? detailFigures(pg.detail) : {}) } };
  if (known?.code) return new AppError(known.code, known.key, known.message, opts);
  switch (pg.code) {
    case "23505": // unique_violation
    case "23P01": // exclusion_violation
      return new AppError("CONFLICT", known?.key ?? "errors.conflict", known?.message ?? "This clashes with existing data", opts);
    case "23503": // foreign_key_violation
    case "23001": // restrict_violation: deleting a row an ON DELETE RESTRICT key still points at
      return new AppError("CONFLICT", known?.key ?? "errors.inUse", known?.message ?? "This is still in use", opts);
    case "23514": // check_violation
    case "23502": // not_null_violation
    case "22001": // string too long
    case "22P02": // invalid text representation (e.g. a malformed uuid)
      return new AppError("INVALID_INPUT", known?.key ?? "errors.invalidInput", known?.message ?? "Invalid input", opts);
    case "40001": // serialization_failure
    case "40P01": // deadlock_detected
      return new AppError("CONFLICT", "errors.retry", "Someone changed this at the same time; please try again", opts);
    default:
      // Class 22, data exception: a value PostgreSQL cannot take (NUL in text, a day that does not
      // exist, a number or time out of range). The input's fault, so a 400; the SQL and its
      // parameters stay in the cause, out of the answer.
      if (pg.code.startsWith("22")) {
        return new AppError(
          "INVALID_INPUT",
          "errors.dataInvalid",
          "A value is not valid or out of range; check the dates, numbers and text",
          opts,
        );
      }
      return err;
  }
}
