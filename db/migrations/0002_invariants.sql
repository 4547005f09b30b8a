-- Invariants that must hold whatever code path writes: the audit chain, the acyclic unit tree,
-- roles that always grant something, and the single settings row.

-- Audit log: every row is chained to the previous by SHA-256. Inserts are serialised through the
-- one row of audit_chain_head (FOR UPDATE), which also remembers the last row, so that deleting
-- the newest rows is detectable too. seq has no sequence: it is assigned here, so a gap can only
-- mean a deleted row.
INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, repeat('0', 64));
--> statement-breakpoint
CREATE FUNCTION audit_row_hash(r audit_log) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    r.seq::text,
    to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(r.actor_employee_id::text, ''),
    coalesce(r.subject, ''),
    r.action,
    r.outcome,
    coalesce(r.target_type, ''),
    coalesce(r.target_id, ''),
    coalesce(r.client_id::text, ''),
    coalesce(r.ip, ''),
    r.details::text,
    r.prev_hash), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  NEW.seq := head.last_seq + 1;
  NEW.prev_hash := head.last_hash;
  NEW.at := date_trunc('microseconds', coalesce(NEW.at, now()));
  NEW.hash := audit_row_hash(NEW);
  UPDATE audit_chain_head SET last_seq = NEW.seq, last_hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
-- The head may only move from inside audit_log_chain (trigger depth 2).
CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN RETURN NEW; END IF;
  RAISE EXCEPTION 'audit_chain_head moves only with audit_log inserts'
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_head_guard BEFORE UPDATE OR DELETE ON audit_chain_head
  FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();
--> statement-breakpoint
-- Recomputes the whole chain; returns one row per problem found (none when intact).
CREATE FUNCTION audit_verify() RETURNS TABLE (seq bigint, problem text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  r audit_log;
  expected_seq bigint := 1;
  expected_prev text := repeat('0', 64);
  head audit_chain_head%ROWTYPE;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY audit_log.seq LOOP
    IF r.seq <> expected_seq THEN
      seq := expected_seq; problem := format('rows %s..%s are missing', expected_seq, r.seq - 1);
      RETURN NEXT;
    END IF;
    IF r.prev_hash <> expected_prev THEN
      seq := r.seq; problem := 'does not follow the previous row'; RETURN NEXT;
    END IF;
    IF r.hash <> audit_row_hash(r) THEN
      seq := r.seq; problem := 'content does not match its hash'; RETURN NEXT;
    END IF;
    expected_seq := r.seq + 1;
    expected_prev := r.hash;
  END LOOP;
  SELECT * INTO head FROM audit_chain_head WHERE id = 1;
  IF head.last_seq <> expected_seq - 1 OR head.last_hash <> expected_prev THEN
    seq := head.last_seq; problem := 'the newest rows are missing'; RETURN NEXT;
  END IF;
END $$;
--> statement-breakpoint
-- Unit tree: a unit can never become its own ancestor. The advisory lock serialises tree moves so
-- that two concurrent moves cannot together close a loop.
CREATE FUNCTION units_refuse_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent_id IS NULL THEN RETURN NEW; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('units_tree'));
  IF EXISTS (
    WITH RECURSIVE ancestors(id, parent_id) AS (
      SELECT u.id, u.parent_id FROM units u WHERE u.id = NEW.parent_id
      UNION
      SELECT u.id, u.parent_id FROM units u JOIN ancestors a ON u.id = a.parent_id
    )
    SELECT 1 FROM ancestors WHERE id = NEW.id
  ) THEN
    RAISE EXCEPTION 'unit % cannot be placed under its own descendant %', NEW.id, NEW.parent_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'units_no_cycle';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER units_no_cycle BEFORE INSERT OR UPDATE OF parent_id ON units
  FOR EACH ROW EXECUTE FUNCTION units_refuse_cycle();
--> statement-breakpoint
-- A role must grant at least one permission, checked at commit so a role and its permissions can
-- be written in one transaction.
CREATE FUNCTION role_without_permissions_refused(rid uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM roles WHERE id = rid)
     AND NOT EXISTS (SELECT 1 FROM role_permissions WHERE role_id = rid) THEN
    RAISE EXCEPTION 'role % has no permissions', rid
      USING ERRCODE = 'check_violation', CONSTRAINT = 'roles_have_permissions';
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION roles_require_permission() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM role_without_permissions_refused(NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION role_permissions_keep_one() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM role_without_permissions_refused(OLD.role_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER roles_have_permissions AFTER INSERT ON roles
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION roles_require_permission();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER role_permissions_keep_one AFTER DELETE OR UPDATE ON role_permissions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION role_permissions_keep_one();
--> statement-breakpoint
INSERT INTO institution_settings (id) VALUES (1);
