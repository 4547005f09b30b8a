-- The team and the planned services of a plan change only while the plan is a draft: what the
-- client and the funder approved is what becomes the limits. (A plan being deleted as a draft
-- takes its parts with it; a plan already gone leaves nothing to check.)
CREATE OR REPLACE FUNCTION rehabilitation_plan_parts_draft_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  plan_status text;
BEGIN
  SELECT status INTO plan_status FROM rehabilitation_plans
   WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.plan_id ELSE NEW.plan_id END;
  IF plan_status IS NOT NULL AND plan_status <> 'draft' THEN
    RAISE EXCEPTION 'the plan has left draft and cannot change'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'rehabilitation_plan_not_draft',
            DETAIL = json_build_object('status', plan_status)::text;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE TRIGGER rehabilitation_plan_team_draft_only BEFORE INSERT OR UPDATE OR DELETE ON rehabilitation_plan_team
  FOR EACH ROW EXECUTE FUNCTION rehabilitation_plan_parts_draft_only();
CREATE OR REPLACE TRIGGER rehabilitation_plan_services_draft_only BEFORE INSERT OR UPDATE OR DELETE ON rehabilitation_plan_services
  FOR EACH ROW EXECUTE FUNCTION rehabilitation_plan_parts_draft_only();
