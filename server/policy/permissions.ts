/**
 * The permission catalogue: resource x action, each granted by a role with a scope.
 *  - own:  what concerns the person themself (their clients through the team, their own record)
 *  - unit: the subtree of the units the person belongs to or heads
 *  - all:  the whole institution
 * Institution-wide resources (roles, settings, audit) only know `all`.
 */
export const SCOPES = ["own", "unit", "all"] as const;
export type Scope = (typeof SCOPES)[number];

export const CATALOGUE = {
  /**
   * read: the administrative record (name, codes, contacts, units, case manager, calendar);
   * read_clinical: on top of read, the special-category part (notes, network, decisions, case
   * plan, dataset). A front desk reads without read_clinical.
   */
  clients: { actions: ["read", "read_clinical", "create", "update", "delete", "export"], scopes: SCOPES },
  /** late_entry: book or move a session that starts more than a year back (migration 0020). */
  sessions: { actions: ["read", "book", "late_entry"], scopes: SCOPES },
  /** confirm: a client's month and invoices; reopen: a confirmed month (an audited exception). */
  billing: { actions: ["read", "confirm", "reopen", "send"], scopes: SCOPES },
  workload: { actions: ["read", "manage"], scopes: SCOPES },
  /** credentials: reset a person's password and end their sessions. */
  employees: { actions: ["read", "manage", "credentials"], scopes: SCOPES },
  units: { actions: ["read", "manage"], scopes: SCOPES },
  roles: { actions: ["read", "manage"], scopes: ["all"] },
  settings: { actions: ["read", "manage"], scopes: ["all"] },
  /** Funding sources, the service catalogue and price lists. Everyone signed in reads them. */
  catalogue: { actions: ["manage"], scopes: ["all"] },
  audit: { actions: ["read"], scopes: ["all"] },
  /**
   * Organisation reports (Aruanded): unit = figures of the clients of the person's unit subtree,
   * all = the whole institution. Money reports also need billing:read.
   */
  reports: { actions: ["read"], scopes: ["unit", "all"] },
} as const satisfies Record<string, { actions: readonly string[]; scopes: readonly Scope[] }>;

export type Resource = keyof typeof CATALOGUE;
export type Action<R extends Resource = Resource> = (typeof CATALOGUE)[R]["actions"][number];
export type Permission = { resource: Resource; action: string; scope: Scope };

export const RESOURCES = Object.keys(CATALOGUE) as Resource[];

export function isKnownPermission(p: { resource: string; action: string; scope: string }): boolean {
  const entry = (CATALOGUE as Record<string, { actions: readonly string[]; scopes: readonly string[] }>)[p.resource];
  return Boolean(entry && entry.actions.includes(p.action) && entry.scopes.includes(p.scope));
}

const RANK: Record<Scope, number> = { own: 0, unit: 1, all: 2 };

export function widerScope(a: Scope | undefined, b: Scope): Scope {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

export const permissionKey = (resource: string, action: string) => `${resource}:${action}`;
