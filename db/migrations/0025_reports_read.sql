-- Organisation reports (issue 12): the standard roles of an installation made before this
-- version get reports:read as new installations do (ensureStandardRoles): the manager for the
-- units they belong to or head, the accountant for the whole institution. Roles changed or made
-- by administrators are left as they are; ON CONFLICT keeps a grant an administrator already gave.
INSERT INTO "role_permissions" ("role_id", "resource", "action", "scope")
SELECT "id", 'reports', 'read', CASE "key" WHEN 'manager' THEN 'unit' ELSE 'all' END
FROM "roles" WHERE "key" IN ('manager', 'accountant')
ON CONFLICT DO NOTHING;
