import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/policy/actor";
import { CATALOGUE, type Resource } from "@/server/policy/permissions";
import { buildActor, everyPermissionExcept } from "@/server/testing/actors";
import { callProcedure, outcomeOf } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { makeFundingWorld } from "@/server/testing/funding-factories";
import { appRouter } from "./root";
import { listProcedures } from "./trpc-internals";

/**
 * Walks every procedure of the router: each must declare who may call it, and the declaration
 * must actually be enforced. A procedure added without an access rule fails here.
 */

const t = await useTestDatabase();

const procedures = new Map(listProcedures(appRouter).map((p) => [p.path, p]));
const paths = [...procedures.keys()];

/**
 * The reviewed access rule of every procedure. A new procedure, or a changed rule, fails the test
 * until it is added here: who may call what is decided on purpose, not by copy and paste.
 */
const REVIEWED: Record<string, string> = {
  "me.get": "signedIn",
  "search.global": "signedIn",
  "me.signInOptions": "public",
  "units.list": "units:read",
  "units.create": "units:manage",
  "units.update": "units:manage",
  "units.delete": "units:manage",
  "employees.list": "employees:read",
  "employees.create": "employees:manage",
  "employees.update": "employees:manage",
  "employees.sessions": "employees:credentials",
  "employees.endSessions": "employees:credentials",
  "employees.resetPassword": "employees:credentials",
  // One's own account: every signed-in person, on themself only.
  "account.sessions": "signedIn",
  "account.endSession": "signedIn",
  "account.signOutEverywhere": "signedIn",
  "account.changePassword": "signedIn",
  "specialties.list": "signedIn",
  "specialties.save": "employees:manage",
  "specialties.delete": "employees:manage",
  "roles.list": "roles:read",
  "roles.catalogue": "roles:read",
  "roles.save": "roles:manage",
  "roles.delete": "roles:manage",
  "settings.get": "settings:read",
  "settings.update": "settings:manage",
  "settings.setLogo": "settings:manage",
  "settings.setBackupSchedule": "settings:manage",
  "audit.list": "audit:read",
  "audit.verify": "audit:read",
  // Funding sources, services and prices are no personal data: entry forms of everyone signed in read them.
  "catalogue.fundingSources.list": "signedIn",
  "catalogue.fundingSources.save": "catalogue:manage",
  "catalogue.services.list": "signedIn",
  "catalogue.services.save": "catalogue:manage",
  "catalogue.priceLists.versions": "signedIn",
  "catalogue.priceLists.version": "signedIn",
  "catalogue.priceLists.create": "catalogue:manage",
  "catalogue.priceLists.update": "catalogue:manage",
  "catalogue.priceLists.copy": "catalogue:manage",
  "catalogue.priceLists.close": "catalogue:manage",
  "catalogue.priceLists.delete": "catalogue:manage",
  "catalogue.prices.lookup": "signedIn",
  "vatRates.list": "signedIn",
  "vatRates.save": "catalogue:manage",
  "vatRates.delete": "catalogue:manage",
  // Client data: the permission is the gate, the domain narrows it to the clients in reach (canOnClient).
  "clients.list": "clients:read",
  // The administrative record; its notes and network only with clients:read_clinical too.
  "clients.get": "clients:read",
  "clients.create": "clients:create",
  "clients.update": "clients:update",
  "clients.setTeam": "clients:update",
  "clients.saveContact": "clients:update",
  "clients.deleteContact": "clients:update",
  // Granting is decided by the case manager (whatever their role's write scope) or by clients:update all.
  "clients.grantAccess": "clients:read",
  "clients.revokeAccess": "clients:read",
  // Narrowed in the domain to the case manager, heads of the client's units and clients:read all.
  "clients.accessHistory": "clients:read",
  "clients.export": "clients:export",
  "clients.anonymise": "clients:delete",
  // The clinical record (decisions and limits, case plan, dataset) needs clients:read_clinical;
  // the domain asks for clients:read reaching the client as well (canReadClinical).
  "funding.decisions.list": "clients:read_clinical",
  "funding.decisions.create": "clients:update",
  "funding.decisions.update": "clients:update",
  "funding.decisions.delete": "clients:update",
  "funding.casePlan.get": "clients:read_clinical",
  "funding.casePlan.save": "clients:update",
  "funding.entries.list": "clients:read_clinical",
  // Specialists record their own work: the domain allows the client's team (own entries) and
  // clients:update (canEnterServices), which completing a session asks for too.
  "funding.entries.create": "clients:read",
  "funding.entries.delete": "clients:read",
  // Rooms hold no personal data: everyone signed in sees them to book; their unit's managers edit them.
  "scheduling.rooms.list": "signedIn",
  // Phone calendar feeds: one's own specialist feed or a room's (the domain refuses anyone else's).
  "scheduling.feeds.list": "sessions:read",
  "scheduling.feeds.create": "sessions:read",
  "scheduling.feeds.revoke": "sessions:read",
  "scheduling.rooms.save": "units:manage",
  // Calendars mask sessions of clients the viewer may not see; whom one may book is decided in the domain.
  "scheduling.sessions.list": "sessions:read",
  // Whom the booking dialog offers (the booking scope's people); booking itself is decided in the domain.
  "scheduling.bookableSpecialists": "sessions:book",
  "scheduling.series.preview": "sessions:book",
  "scheduling.series.book": "sessions:book",
  "scheduling.series.cancel": "sessions:book",
  "scheduling.series.move": "sessions:book",
  "scheduling.sessions.book": "sessions:book",
  "scheduling.sessions.move": "sessions:book",
  "scheduling.sessions.setStatus": "sessions:book",
  "scheduling.sessions.setAttendance": "sessions:book",
  "scheduling.sessions.complete": "sessions:book",
  "billing.months.list": "billing:read",
  "billing.months.filterOptions": "billing:read",
  "billing.reports.preview": "billing:read",
  "billing.reports.confirm": "billing:confirm",
  "billing.reports.reopen": "billing:reopen",
  "billing.invoices.list": "billing:read",
  "billing.invoices.get": "billing:read",
  "billing.invoices.confirm": "billing:confirm",
  "billing.invoices.send": "billing:send",
  "billing.invoices.sendAll": "billing:send",
  "billing.connection.get": "settings:read",
  "billing.connection.save": "settings:manage",
  // Statements and payments span every invoice: the domain asks for the billing scope "all"
  // (requirePaymentsAccess); an invoice's own balance and the overdue list follow invoice visibility.
  "payments.statements.import": "billing:confirm",
  "payments.statements.list": "billing:read",
  "payments.waiting": "billing:read",
  "payments.openInvoices": "billing:read",
  "payments.assign": "billing:confirm",
  "payments.ignore": "billing:confirm",
  "payments.unassign": "billing:confirm",
  "payments.recordManual": "billing:confirm",
  "payments.forInvoice": "billing:read",
  "payments.overdue": "billing:read",
  // Documents show the clinical record; the register's list (what, when, by whom) is administrative.
  "documents.generate": "clients:read_clinical",
  "documents.list": "clients:read",
  "documents.download": "clients:read_clinical",
  // Which document buttons the viewer gets: the client policy applies inside (server/documents/actions.ts).
  "documents.actions": "clients:read",
  // The impact assessment: written and signed by the case manager or clients:update (decided in the domain).
  "documents.annexInvoices": "clients:read_clinical",
  "documents.templates.get": "settings:read",
  "documents.templates.save": "settings:manage",
  "documents.templates.preview": "settings:manage",
  "documents.assessment.get": "clients:read_clinical",
  "documents.assessment.save": "clients:read_clinical",
  "documents.assessment.sign": "clients:read_clinical",
  // Plans and summary assessments: the clinical record; writing and moving a plan is narrowed in
  // the domain to the case manager or clients:update reaching the client.
  "plans.list": "clients:read_clinical",
  "plans.get": "clients:read_clinical",
  "plans.create": "clients:read_clinical",
  "plans.update": "clients:read_clinical",
  "plans.changeStatus": "clients:read_clinical",
  "plans.due": "clients:read_clinical",
  "plans.summary.get": "clients:read_clinical",
  "plans.summary.save": "clients:read_clinical",
  // The summaries attached to an invoice: client and decision, as the invoice's lines show them.
  "plans.summary.forInvoice": "billing:read",
  // Workload: the permission is the gate; the domain narrows it to the people and units the scope
  // reaches (own: oneself) and masks clients the viewer may not see (clientVisibility).
  "workload.people": "workload:read",
  "workload.plan.get": "workload:read",
  "workload.plan.setPossibleHours": "workload:manage",
  "workload.workTypes.list": "workload:read",
  "workload.workTypes.forPerson": "workload:read",
  "workload.workTypes.save": "workload:manage",
  // Everyone with a workload permission logs their own general work; someone else's needs workload:manage reaching them.
  "workload.timeEntries.list": "workload:read",
  "workload.timeEntries.save": "workload:read",
  "workload.timeEntries.delete": "workload:read",
  "workload.sheet.units": "workload:read",
  "workload.sheet.get": "workload:read",
  "workload.sheet.details": "workload:read",
  "workload.sheet.approve": "workload:manage",
  "workload.sheet.reopen": "workload:manage",
  "workload.sheet.counted": "workload:manage",
  "workload.sheet.export": "workload:read",
  // Figures only, no client data: the dashboard of the units the scope reaches.
  "workload.dashboard": "workload:read",
  // Reports: figures of the units the reports scope reaches; euros also need billing:read, drill-down
  // rows name only the clients the client policy shows.
  "reports.options": "reports:read",
  "reports.serviceStructure.get": "reports:read",
  "reports.serviceStructure.rows": "reports:read",
  "reports.workPerEmployee.get": "reports:read",
  "reports.decisions.get": "reports:read",
  "reports.sessions": "reports:read",
  "reports.receivables.get": "reports:read",
  "reports.receivables.rows": "reports:read",
  "reports.income.get": "reports:read",
  "reports.income.rows": "reports:read",
  "reports.earnings.get": "reports:read",
  "reports.clients.get": "reports:read",
  "reports.clients.rows": "reports:read",
  "reports.export": "reports:read",
};

/** The only procedures anyone may call without signing in. */
const PUBLIC = Object.keys(REVIEWED)
  .filter((p) => REVIEWED[p] === "public")
  .sort();

const accessOf = (path: string) => procedures.get(path)!.access;
const permissionOf = (path: string) => {
  const access = accessOf(path);
  return typeof access === "object" ? access : null;
};

/** Inputs for the signed-in procedures that need one, naming rows that exist, so the call runs through. */
const signedInInputs: Record<string, unknown> = {
  "account.endSession": { sessionId: crypto.randomUUID() },
  "account.changePassword": { currentPassword: "not-the-password", newPassword: "a-new-long-password" },
  "search.global": { q: "Kask" },
};
/** Own-account procedures reach the handler, which refuses on the facts (nobody's session, a wrong password). */
const signedInRefusals: Record<string, string> = { "account.endSession": "NOT_FOUND", "account.changePassword": "BAD_REQUEST" };

beforeAll(async () => {
  const world = await makeFundingWorld(t.db);
  signedInInputs["catalogue.priceLists.versions"] = { fundingSourceId: world.sourceId };
  signedInInputs["catalogue.priceLists.version"] = { id: world.versionAfter };
  signedInInputs["catalogue.prices.lookup"] = { fundingSourceId: world.sourceId, serviceId: world.serviceId, date: "2019-01-01" };
});

const call = (actor: Actor | null, path: string, input?: unknown) => callProcedure(t.db, actor, path, input);
const outcome = (actor: Actor | null, path: string, input?: unknown) => outcomeOf(t.db, actor, path, input);

describe("every procedure declares an access rule", () => {
  it("finds the procedures of the router", () => {
    expect(paths.length).toBeGreaterThan(15);
    expect(paths).toEqual(expect.arrayContaining(["me.get", "units.create", "employees.update", "roles.delete", "audit.verify"]));
  });

  it.each(paths)("%s declares public, signedIn or a catalogued permission", (path) => {
    const access = accessOf(path);
    expect(access, `${path} has no meta.access`).toBeDefined();
    if (typeof access === "string") {
      expect(["public", "signedIn"]).toContain(access);
    } else {
      const entry = (CATALOGUE as Record<string, { actions: readonly string[] }>)[access!.resource];
      expect(entry, `${path}: unknown resource ${access!.resource}`).toBeDefined();
      expect(entry!.actions, `${path}: unknown action ${access!.action}`).toContain(access!.action);
    }
  });

  it("every procedure has the reviewed rule, and every reviewed procedure exists", () => {
    const actual = Object.fromEntries(
      paths.map((p) => {
        const access = accessOf(p);
        return [p, typeof access === "object" ? `${access.resource}:${access.action}` : String(access)];
      }),
    );
    expect(actual).toEqual(REVIEWED);
  });

  it("only the allowed procedures are public", () => {
    expect(paths.filter((p) => accessOf(p) === "public")).toEqual(PUBLIC);
  });
});

describe("signing in is enforced", () => {
  it.each(paths.filter((p) => !PUBLIC.includes(p)))("%s refuses a caller who is not signed in", async (path) => {
    expect(await outcome(null, path)).toBe("UNAUTHORIZED");
  });

  it("the public sign-in options answer without a session", async () => {
    const options = (await call(null, "me.signInOptions")) as { institutionName: string; password: boolean };
    expect(options).toMatchObject({ institutionName: expect.any(String), password: true });
  });

  it.each(paths.filter((p) => accessOf(p) === "signedIn"))("%s needs no permission beyond signing in", async (path) => {
    expect(await outcome(buildActor({ permissions: {} }), path, signedInInputs[path])).toBe(signedInRefusals[path] ?? "OK");
  });
});

describe("permissions are enforced", () => {
  const permitted = paths.filter((p) => permissionOf(p) !== null);

  it.each(permitted)("%s refuses a signed-in person holding every permission but its own", async (path) => {
    const { resource, action } = permissionOf(path)!;
    const actor = buildActor({ permissions: everyPermissionExcept(`${resource}:${action}`) });
    expect(await outcome(actor, path)).toBe("FORBIDDEN");
  });

  it.each(permitted)("%s lets its own permission through to input validation or the handler", async (path) => {
    const { resource, action } = permissionOf(path)!;
    const scopes = (CATALOGUE[resource as Resource] as { scopes: readonly string[] }).scopes;
    const actor = buildActor({ permissions: { [`${resource}:${action}`]: scopes[scopes.length - 1] as "all" } });
    // No input: procedures that need one stop at validation, the others run.
    expect(["OK", "BAD_REQUEST"]).toContain(await outcome(actor, path));
  });
});

describe("refusals are audited", () => {
  it("a refused call leaves an access.refused row naming the procedure and the person", async () => {
    const actor = buildActor({ permissions: { "units:read": "all" } });
    expect(await outcome(actor, "roles.list")).toBe("FORBIDDEN");
    const rows = await t.sql<{ actor: string; outcome: string; procedure: string }[]>`
      SELECT actor_employee_id AS actor, outcome, details->>'procedure' AS procedure
      FROM audit_log WHERE action = 'access.refused' AND actor_employee_id = ${actor.employeeId}`;
    expect(rows).toEqual([{ actor: actor.employeeId, outcome: "refused", procedure: "roles.list" }]);
  });
});
