-- A new role grants at least one permission: checked at commit, so a role and its permissions can
-- be written in one transaction (role_without_permissions_refused).
CREATE OR REPLACE FUNCTION roles_require_permission() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM role_without_permissions_refused(NEW.id);
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS roles_have_permissions ON roles;
CREATE CONSTRAINT TRIGGER roles_have_permissions AFTER INSERT ON roles
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION roles_require_permission();
