import { describe, expect, it } from "vitest";
import { buildActor } from "@/server/testing/actors";
import type { UnitEdge } from "./actor";
import { canOnClient, canOnEmployee, canOnUnit, requirePermission, type ClientFacts } from "./policy";

// region -> city -> team, and a second region beside it.
const tree: UnitEdge[] = [
  { id: "north", parentId: null },
  { id: "tallinn", parentId: "north" },
  { id: "team1", parentId: "tallinn" },
  { id: "team2", parentId: "tallinn" },
  { id: "south", parentId: null },
  { id: "tartu", parentId: "south" },
];

const NOW = new Date("2026-03-10T12:00:00Z");
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

const client = (facts: Partial<ClientFacts> = {}): ClientFacts => ({
  caseManagerId: null,
  teamIds: [],
  unitIds: ["team1"],
  grants: [],
  ...facts,
});

const own = { "clients:read": "own" } as const;

describe("canOnClient", () => {
  it("lets the case manager read their client", () => {
    const me = buildActor({ permissions: own, tree });
    expect(canOnClient(me, "read", client({ caseManagerId: me.employeeId }), NOW)).toBe(true);
  });

  it("lets a member of the client's team read the client", () => {
    const me = buildActor({ permissions: own, tree });
    expect(canOnClient(me, "read", client({ teamIds: ["someone-else", me.employeeId] }), NOW)).toBe(true);
  });

  it("lets the head of the client's unit read the client", () => {
    const head = buildActor({ permissions: own, heads: ["team1"], tree });
    expect(canOnClient(head, "read", client({ unitIds: ["team1"] }), NOW)).toBe(true);
  });

  it("lets the head of an ancestor unit read the client, but not a head of a sibling or of a sub-unit", () => {
    const regionHead = buildActor({ permissions: own, heads: ["north"], tree });
    expect(canOnClient(regionHead, "read", client({ unitIds: ["team1"] }), NOW)).toBe(true);
    const siblingHead = buildActor({ permissions: own, heads: ["team2"], tree });
    expect(canOnClient(siblingHead, "read", client({ unitIds: ["team1"] }), NOW)).toBe(false);
    const teamHead = buildActor({ permissions: own, heads: ["team1"], tree });
    expect(canOnClient(teamHead, "read", client({ unitIds: ["tallinn"] }), NOW)).toBe(false);
  });

  describe("explicit grants", () => {
    const me = buildActor({ permissions: own, tree });
    const grant = (validFrom: Date, validUntil: Date, revokedAt: Date | null = null) =>
      client({ unitIds: ["tartu"], grants: [{ employeeId: me.employeeId, validFrom, validUntil, revokedAt }] });

    it("an active grant gives access", () => expect(canOnClient(me, "read", grant(at(-1), at(1)), NOW)).toBe(true));
    it("an expired grant does not", () => expect(canOnClient(me, "read", grant(at(-10), at(-1)), NOW)).toBe(false));
    it("a grant ends exactly at validUntil", () => expect(canOnClient(me, "read", grant(at(-10), NOW), NOW)).toBe(false));
    it("a grant not yet valid does not", () => expect(canOnClient(me, "read", grant(at(1), at(10)), NOW)).toBe(false));
    it("a revoked grant does not", () => expect(canOnClient(me, "read", grant(at(-1), at(1), at(-0.5)), NOW)).toBe(false));
    it("someone else's grant does not", () => {
      const other = buildActor({ permissions: own, tree });
      expect(canOnClient(other, "read", grant(at(-1), at(1)), NOW)).toBe(false);
    });
  });

  it("role scope `all` reaches every client, related or not", () => {
    const everyone = buildActor({ permissions: { "clients:read": "all" }, tree });
    expect(canOnClient(everyone, "read", client({ unitIds: [] }), NOW)).toBe(true);
    expect(canOnClient(everyone, "read", client({ unitIds: ["tartu"] }), NOW)).toBe(true);
  });

  it("role scope `unit` reaches clients in the subtree of a member unit, not outside it", () => {
    const desk = buildActor({ permissions: { "clients:read": "unit" }, memberOf: ["tallinn"], tree });
    expect(canOnClient(desk, "read", client({ unitIds: ["tallinn"] }), NOW)).toBe(true);
    expect(canOnClient(desk, "read", client({ unitIds: ["team2"] }), NOW)).toBe(true);
    expect(canOnClient(desk, "read", client({ unitIds: ["tartu", "team2"] }), NOW)).toBe(true);
    expect(canOnClient(desk, "read", client({ unitIds: ["north"] }), NOW)).toBe(false);
    expect(canOnClient(desk, "read", client({ unitIds: ["tartu"] }), NOW)).toBe(false);
    expect(canOnClient(desk, "read", client({ unitIds: [] }), NOW)).toBe(false);
  });

  it("role scope `own` does not reach the clients of one's own unit", () => {
    const specialist = buildActor({ permissions: own, memberOf: ["team1"], tree });
    expect(canOnClient(specialist, "read", client({ unitIds: ["team1"] }), NOW)).toBe(false);
  });

  it("without the permission nobody gets in, not even the case manager, team, head or grantee", () => {
    const me = buildActor({ permissions: { "clients:update": "all" }, heads: ["team1"], tree });
    const facts = client({
      caseManagerId: me.employeeId,
      teamIds: [me.employeeId],
      unitIds: ["team1"],
      grants: [{ employeeId: me.employeeId, validFrom: at(-1), validUntil: at(1), revokedAt: null }],
    });
    expect(canOnClient(me, "read", facts, NOW)).toBe(false);
    expect(canOnClient(me, "update", facts, NOW)).toBe(true);
  });

  it("someone unrelated with scope `own` is refused", () => {
    const stranger = buildActor({ permissions: own, memberOf: ["tartu"], tree });
    expect(canOnClient(stranger, "read", client({ caseManagerId: "x", teamIds: ["y"], unitIds: ["team1"] }), NOW)).toBe(false);
  });

  it("checks the action asked for, not another one", () => {
    const reader = buildActor({ permissions: { "clients:read": "all" }, tree });
    expect(canOnClient(reader, "delete", client(), NOW)).toBe(false);
  });
});

describe("canOnUnit", () => {
  it("scope `all` reaches every unit and the root level", () => {
    const admin = buildActor({ permissions: { "units:manage": "all" }, tree });
    expect(canOnUnit(admin, "manage", "tartu")).toBe(true);
    expect(canOnUnit(admin, "manage", null)).toBe(true);
  });

  it("scope `unit` reaches the subtree of one's units but never the root level", () => {
    const manager = buildActor({ permissions: { "units:manage": "unit" }, memberOf: ["tallinn"], tree });
    expect(canOnUnit(manager, "manage", "tallinn")).toBe(true);
    expect(canOnUnit(manager, "manage", "team2")).toBe(true);
    expect(canOnUnit(manager, "manage", "north")).toBe(false);
    expect(canOnUnit(manager, "manage", "tartu")).toBe(false);
    expect(canOnUnit(manager, "manage", null)).toBe(false);
  });

  it("scope `unit` also covers the subtree of a headed unit", () => {
    const head = buildActor({ permissions: { "units:read": "unit" }, heads: ["south"], tree });
    expect(canOnUnit(head, "read", "tartu")).toBe(true);
  });

  it("scope `own` reaches only the units one belongs to or heads, not those below", () => {
    const specialist = buildActor({ permissions: { "units:read": "own" }, memberOf: ["tallinn"], heads: ["tartu"], tree });
    expect(canOnUnit(specialist, "read", "tallinn")).toBe(true);
    expect(canOnUnit(specialist, "read", "tartu")).toBe(true);
    expect(canOnUnit(specialist, "read", "team1")).toBe(false);
    expect(canOnUnit(specialist, "read", null)).toBe(false);
  });

  it("no permission, no access, even to one's own unit", () => {
    const nobody = buildActor({ permissions: { "units:read": "all" }, memberOf: ["tallinn"], tree });
    expect(canOnUnit(nobody, "manage", "tallinn")).toBe(false);
  });
});

describe("canOnEmployee", () => {
  const colleague = { id: "colleague", unitIds: ["team2"] };
  const southerner = { id: "southerner", unitIds: ["tartu"] };

  it("scope `all` reaches everyone", () => {
    const admin = buildActor({ permissions: { "employees:manage": "all" }, tree });
    expect(canOnEmployee(admin, "manage", southerner)).toBe(true);
  });

  it("scope `unit` reaches oneself and people in one's unit subtree", () => {
    const manager = buildActor({ permissions: { "employees:manage": "unit" }, memberOf: ["tallinn"], tree });
    expect(canOnEmployee(manager, "manage", colleague)).toBe(true);
    expect(canOnEmployee(manager, "manage", { id: manager.employeeId, unitIds: [] })).toBe(true);
    expect(canOnEmployee(manager, "manage", southerner)).toBe(false);
    expect(canOnEmployee(manager, "manage", { id: "rootling", unitIds: ["north"] })).toBe(false);
  });

  it("scope `own` reaches only oneself", () => {
    const me = buildActor({ permissions: { "employees:read": "own" }, memberOf: ["team2"], tree });
    expect(canOnEmployee(me, "read", { id: me.employeeId, unitIds: ["team2"] })).toBe(true);
    expect(canOnEmployee(me, "read", colleague)).toBe(false);
  });

  it("without the permission, not even oneself", () => {
    const me = buildActor({ permissions: { "employees:read": "all" }, tree });
    expect(canOnEmployee(me, "manage", { id: me.employeeId, unitIds: [] })).toBe(false);
  });
});

describe("requirePermission", () => {
  it("returns the scope when held and refuses with FORBIDDEN when not", () => {
    const me = buildActor({ permissions: { "audit:read": "all" } });
    expect(requirePermission(me, "audit", "read")).toBe("all");
    expect(() => requirePermission(me, "settings", "manage")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });
});
