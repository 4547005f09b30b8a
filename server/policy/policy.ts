import { AppError } from "@/server/errors";
import type { Actor } from "./actor";
import { permissionKey, type Resource, type Scope } from "./permissions";

/**
 * The one place that answers "may this person do this to this thing". Domain functions call it
 * before acting.
 *
 * Client visibility (canOnClient and the functions built on it) lives here. Two twins must stay,
 * because the question is also asked where TypeScript cannot run it row by row: clientVisibility
 * and friends in client-scope.ts (a condition list queries join) and client_visible in SQL (asked
 * by book_session inside one statement). visibility-parity.test.ts runs all three on generated
 * people and clients and fails on any difference; client-scope.test.ts keeps readable cases.
 */

export function scopeOf(actor: Actor, resource: Resource, action: string): Scope | null {
  return actor.permissions.get(permissionKey(resource, action)) ?? null;
}

export function can(actor: Actor, resource: Resource, action: string): boolean {
  return scopeOf(actor, resource, action) !== null;
}

export function requirePermission(actor: Actor, resource: Resource, action: string): Scope {
  const scope = scopeOf(actor, resource, action);
  if (!scope) {
    throw new AppError("FORBIDDEN", "errors.forbidden", `Missing permission ${resource}:${action}`);
  }
  return scope;
}

const intersects = (ids: Iterable<string>, set: ReadonlySet<string>) => {
  for (const id of ids) if (set.has(id)) return true;
  return false;
};

/** May the actor act on an employee record (own = oneself, unit = shares the unit subtree)? */
export function canOnEmployee(actor: Actor, action: string, target: { id: string; unitIds: string[] }): boolean {
  const scope = scopeOf(actor, "employees", action);
  if (scope === "all") return true;
  if (scope === "unit") return target.id === actor.employeeId || intersects(target.unitIds, actor.unitSubtree);
  if (scope === "own") return target.id === actor.employeeId;
  return false;
}

/** May the actor act on a unit (unit = inside the subtree of their own or headed units)? */
export function canOnUnit(actor: Actor, action: string, unitId: string | null): boolean {
  const scope = scopeOf(actor, "units", action);
  if (scope === "all") return true;
  if (unitId === null) return false; // only institution-wide managers touch the roots
  if (scope === "unit") return actor.unitSubtree.has(unitId);
  if (scope === "own") return actor.memberUnitIds.has(unitId) || actor.headedUnitIds.has(unitId);
  return false;
}

export type AccessGrant = { employeeId: string; validFrom: Date; validUntil: Date; revokedAt: Date | null };

/** What the policy needs to know about a client. */
export type ClientFacts = {
  caseManagerId: string | null;
  teamIds: string[];
  unitIds: string[];
  grants: AccessGrant[];
};

export function hasActiveGrant(actor: Actor, grants: AccessGrant[], now: Date): boolean {
  return grants.some((g) => g.employeeId === actor.employeeId && !g.revokedAt && g.validFrom <= now && now < g.validUntil);
}

/**
 * Why the actor has a reason to see this client, independent of role scope: the case manager,
 * the team, heads of the client's units and their ancestor units, and explicit grants.
 */
export function hasClientRelationship(actor: Actor, client: ClientFacts, now: Date): boolean {
  return (
    client.caseManagerId === actor.employeeId ||
    client.teamIds.includes(actor.employeeId) ||
    intersects(client.unitIds, actor.headedSubtree) ||
    hasActiveGrant(actor, client.grants, now)
  );
}

/**
 * Client data: the role must grant the action; then `all` reaches every client, `unit` the
 * clients of the person's unit subtree, and every scope reaches the clients the person has a
 * relationship with.
 */
export function canOnClient(
  actor: Actor,
  action: string,
  client: ClientFacts,
  now = new Date(),
  resource: "clients" | "billing" = "clients",
): boolean {
  const scope = scopeOf(actor, resource, action);
  if (!scope) return false;
  if (scope === "all") return true;
  if (hasClientRelationship(actor, client, now)) return true;
  return scope === "unit" && intersects(client.unitIds, actor.unitSubtree);
}

/**
 * The clinical part of a client's record (notes, network, decisions, case plan, dataset): the
 * administrative record must be in reach and, besides, clients:read_clinical must reach the client.
 */
export function canReadClinical(actor: Actor, client: ClientFacts, now = new Date()): boolean {
  return canOnClient(actor, "read", client, now) && canOnClient(actor, "read_clinical", client, now);
}

/**
 * May the actor write service entries into this client's dataset (by hand or by completing a
 * session): the client's team in the wide sense, or clients:update reaching the client.
 */
export function canEnterServices(actor: Actor, client: ClientFacts, now = new Date()): boolean {
  if (!canOnClient(actor, "read", client, now)) return false;
  const onTeam = client.caseManagerId === actor.employeeId || client.teamIds.includes(actor.employeeId);
  return onTeam || canOnClient(actor, "update", client, now);
}
