-- A role keeps at least one permission: checked at commit, after the deletes and updates of its
-- permissions in the transaction (role_without_permissions_refused).
CREATE OR REPLACE FUNCTION role_permissions_keep_one() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM role_without_permissions_refused(OLD.role_id);
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS role_permissions_keep_one ON role_permissions;
CREATE CONSTRAINT TRIGGER role_permissions_keep_one AFTER DELETE OR UPDATE ON role_permissions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION role_permissions_keep_one();
