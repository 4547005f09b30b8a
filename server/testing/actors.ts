import { subtreeOf, type Actor, type UnitEdge } from "@/server/policy/actor";
import { CATALOGUE, RESOURCES, permissionKey, type Scope } from "@/server/policy/permissions";

/** "resource:action" -> scope, e.g. { "clients:read": "unit" }. */
export type PermissionSpec = Record<string, Scope>;

/**
 * An Actor built by hand, the way loadActor would build it from the database: unit subtrees are
 * derived from `tree`, so a head of a region reaches the teams below it.
 */
export function buildActor(opts: {
  id?: string;
  permissions?: PermissionSpec;
  memberOf?: string[];
  heads?: string[];
  tree?: UnitEdge[];
}): Actor {
  const memberUnitIds = new Set(opts.memberOf ?? []);
  const headedUnitIds = new Set(opts.heads ?? []);
  const tree = opts.tree ?? [];
  return {
    employeeId: opts.id ?? crypto.randomUUID(),
    personalCode: "38001085718",
    firstName: "Test",
    lastName: "Actor",
    permissions: new Map(Object.entries(opts.permissions ?? {})),
    memberUnitIds,
    headedUnitIds,
    unitSubtree: subtreeOf([...memberUnitIds, ...headedUnitIds], tree),
    headedSubtree: subtreeOf(headedUnitIds, tree),
  };
}

/** Every permission of the catalogue in its widest scope, minus the given "resource:action" keys. */
export function everyPermissionExcept(...excluded: string[]): PermissionSpec {
  const spec: PermissionSpec = {};
  for (const resource of RESOURCES) {
    const entry = CATALOGUE[resource] as { actions: readonly string[]; scopes: readonly Scope[] };
    for (const action of entry.actions) {
      const key = permissionKey(resource, action);
      if (!excluded.includes(key)) spec[key] = entry.scopes[entry.scopes.length - 1]!;
    }
  }
  return spec;
}
