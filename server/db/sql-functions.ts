import { z } from "zod";
import type { AppErrorCode } from "@/server/errors";
import { sqlFunction } from "./sql-function";

/**
 * Every SQL function the TypeScript calls on its own (`SELECT fn(...)`), one typed wrapper each.
 * Functions used inside larger queries (client_visible, tallinn_month, sign_in_delay) stay part
 * of those queries. The definitions are in the migrations; sql-functions.test.ts compares each
 * wrapper's arguments with them.
 */

const APP_ERROR_CODES = [
  "INVALID_INPUT",
  "NOT_FOUND",
  "FORBIDDEN",
  "UNAUTHENTICATED",
  "CONFLICT",
  "LIMIT_EXCEEDED",
  "MONTH_LOCKED",
  "TOO_MANY_REQUESTS",
  "UNAVAILABLE",
] as const satisfies readonly AppErrorCode[];

/** A refusal as db/functions/booking_refusal.sql words it. */
export const refusalSchema = z.object({
  code: z.enum(APP_ERROR_CODES),
  key: z.string(),
  field: z.string().nullable(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type Refusal = z.infer<typeof refusalSchema>;

/** What is already taken then (session_clash): `visible` says whether the booker may see that session. */
export const clashSchema = z.object({
  kind: z.enum(["room", "specialist", "client"]),
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  name: z.string(),
  visible: z.boolean(),
});
export type Clash = z.infer<typeof clashSchema>;

const refusalOrNull = z.object({ refusal: refusalSchema }).nullable();

/** The booker's facts every booking rule takes (see bookerArgs in scheduling/guards.ts). */
const booker = { bookScope: "text", unitSubtree: "uuid[]", actor: "uuid", clientScope: "text", clientUnits: "uuid[]" } as const;

/** The whole booking in one statement (db/functions/book_session.sql): a refusal, a clash, or the session written. */
export const bookSessionFn = sqlFunction(
  "book_session",
  {
    ...booker,
    id: "uuid",
    series: "uuid",
    service: "uuid",
    room: "uuid",
    start: "timestamptz",
    end: "timestamptz",
    specialists: "uuid[]",
    clients: "uuid[]",
    decisions: "uuid[]",
    notes: "text",
    ip: "text",
    details: "jsonb",
    lateEntry: "boolean",
  },
  "jsonb",
  z.union([
    z.object({ refusal: refusalSchema }),
    z.object({ clash: clashSchema }),
    z.object({
      id: z.string(),
      decisions: z.array(z.object({ clientId: z.string(), decisionId: z.string().nullable() })),
      dashboardUnits: z.array(z.string()),
    }),
  ]),
);

export const bookingAccessRefusalFn = sqlFunction(
  "booking_access_refusal",
  {
    ...booker,
    specialists: "uuid[]",
    clients: "uuid[]",
    requireActive: "boolean",
  },
  "jsonb",
  refusalOrNull,
);

/** `unit`: the service's billing unit (db/functions/session_time_refusal.sql). */
export const sessionTimeRefusalFn = sqlFunction(
  "session_time_refusal",
  {
    unit: "text",
    start: "timestamptz",
    end: "timestamptz",
    lateEntry: "boolean",
  },
  "jsonb",
  refusalOrNull,
);

export const roomRefusalFn = sqlFunction("room_refusal", { room: "uuid", count: "int" }, "jsonb", refusalOrNull);

export const sessionClashFn = sqlFunction(
  "session_clash",
  {
    room: "uuid",
    specialists: "uuid[]",
    clients: "uuid[]",
    start: "timestamptz",
    end: "timestamptz",
    except: "uuid[]",
    actor: "uuid",
    clientScope: "text",
    clientUnits: "uuid[]",
  },
  "jsonb",
  clashSchema.nullable(),
);

export const lockSessionResourcesFn = sqlFunction(
  "lock_session_resources",
  { rooms: "uuid[]", people: "uuid[]", clients: "uuid[]" },
  "boolean",
  z.literal(true),
);

export const coversSpecialistsFn = sqlFunction(
  "covers_specialists",
  {
    scope: "text",
    unitSubtree: "uuid[]",
    actor: "uuid",
    specialists: "uuid[]",
  },
  "boolean",
  z.boolean(),
);

/** The units whose dashboards show these people's and rooms' sessions: theirs and every unit above. */
export const dashboardUnitsFn = sqlFunction("dashboard_units", { people: "uuid[]", rooms: "uuid[]" }, "uuid[]", z.array(z.string()));

export const workloadLockEmployeeFn = sqlFunction("workload_lock_employee", { employee: "uuid" }, "void", z.unknown());

/** One row per broken link of the audit chains; none when intact. */
export const auditVerifyFn = sqlFunction("audit_verify", {}, "table", z.object({ seq: z.coerce.number(), problem: z.string() }));
