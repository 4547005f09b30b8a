import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ensureStandardRoles } from "@/server/org/roles";
import { useTestDatabase } from "@/server/testing/database";

/** reports:read reaches the standard roles of new installations and, by migration 0025, of existing ones. */

const t = await useTestDatabase();

const grants = () => t.sql<{ key: string; scope: string }[]>`
  SELECT r.key, p.scope FROM role_permissions p JOIN roles r ON r.id = p.role_id
  WHERE p.resource = 'reports' AND p.action = 'read' ORDER BY r.key`;

describe("reports:read in the standard roles", () => {
  it("a new installation gives managers their units and accountants everything", async () => {
    await ensureStandardRoles(t.db);
    expect(await grants()).toEqual([
      { key: "accountant", scope: "all" },
      { key: "manager", scope: "unit" },
    ]);
  });

  it("migration 0025 adds the same to roles made before it, and leaves an administrator's own grant alone", async () => {
    await t.sql`DELETE FROM role_permissions WHERE resource = 'reports'`;
    await t.sql`INSERT INTO role_permissions (role_id, resource, action, scope) SELECT id, 'reports', 'read', 'all' FROM roles WHERE key = 'manager'`;
    await t.sql.unsafe(readFileSync("db/migrations/0025_reports_read.sql", "utf8"));
    expect(await grants()).toEqual([
      { key: "accountant", scope: "all" },
      { key: "manager", scope: "all" },
    ]);
  });
});
