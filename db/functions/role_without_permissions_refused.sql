-- A role must grant at least one permission, checked at commit so a role and its permissions can
-- be written in one transaction.
CREATE OR REPLACE FUNCTION role_without_permissions_refused(rid uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM roles WHERE id = rid)
     AND NOT EXISTS (SELECT 1 FROM role_permissions WHERE role_id = rid) THEN
    RAISE EXCEPTION 'role % has no permissions', rid
      USING ERRCODE = 'check_violation', CONSTRAINT = 'roles_have_permissions';
  END IF;
END $$;
