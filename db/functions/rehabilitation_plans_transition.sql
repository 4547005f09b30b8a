-- A rehabilitation / action plan moves only forward along its path: draft -> sent_to_client ->
-- client_approved -> approved, with sent_to_funder between the last two for vocational
-- rehabilitation (TRT: Töötukassa approves the plan), and only a draft's content may change.
-- Leaving draft needs goals and a team of at least three specialists, for a child including a
-- social worker and a special educator. Two approvals at once: the second waits for the first's
-- row lock, then sees the plan already approved and is refused here.
CREATE OR REPLACE FUNCTION rehabilitation_plans_transition() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text;
  allowed boolean;
  team_size int;
  has_social boolean;
  has_educator boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' THEN
      RAISE EXCEPTION 'a plan starts as a draft'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'rehabilitation_plan_transition',
              DETAIL = json_build_object('from', 'none', 'to', NEW.status)::text;
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'only a draft plan can be removed'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'rehabilitation_plan_not_draft',
              DETAIL = json_build_object('status', OLD.status)::text;
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (to_jsonb(NEW) - 'status' - 'status_changed_at' - 'status_changed_by' - 'updated_at')
       IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'status_changed_at' - 'status_changed_by' - 'updated_at') THEN
    RAISE EXCEPTION 'the plan has left draft and cannot change'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'rehabilitation_plan_not_draft',
            DETAIL = json_build_object('status', OLD.status)::text;
  END IF;
  IF NEW.status = OLD.status THEN
    RETURN NEW;
  END IF;
  SELECT funding_kind INTO kind FROM funding_decisions WHERE id = NEW.decision_id;
  allowed := CASE OLD.status
    WHEN 'draft' THEN NEW.status = 'sent_to_client'
    WHEN 'sent_to_client' THEN NEW.status IN ('client_approved', 'draft')
    WHEN 'client_approved' THEN (kind = 'TRT' AND NEW.status = 'sent_to_funder') OR (kind <> 'TRT' AND NEW.status = 'approved')
    WHEN 'sent_to_funder' THEN NEW.status IN ('approved', 'draft')
    ELSE false
  END;
  IF NOT allowed THEN
    RAISE EXCEPTION 'a plan cannot move from % to %', OLD.status, NEW.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'rehabilitation_plan_transition',
            DETAIL = json_build_object('from', OLD.status, 'to', NEW.status)::text;
  END IF;
  IF OLD.status = 'draft' THEN
    IF jsonb_array_length(NEW.goals) = 0 THEN
      RAISE EXCEPTION 'a plan without goals cannot leave draft'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'rehabilitation_plan_needs_goals';
    END IF;
    SELECT count(*), bool_or(s.code = 'social_worker'), bool_or(s.code = 'special_educator')
      INTO team_size, has_social, has_educator
      FROM rehabilitation_plan_team t JOIN specialties s ON s.id = t.specialty_id
     WHERE t.plan_id = NEW.id;
    IF team_size < 3 OR (NEW.for_child AND NOT (coalesce(has_social, false) AND coalesce(has_educator, false))) THEN
      RAISE EXCEPTION 'the plan''s team is incomplete'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'rehabilitation_plan_needs_team',
              DETAIL = json_build_object('size', team_size)::text;
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER rehabilitation_plans_transition BEFORE INSERT OR UPDATE OR DELETE ON rehabilitation_plans
  FOR EACH ROW EXECUTE FUNCTION rehabilitation_plans_transition();
