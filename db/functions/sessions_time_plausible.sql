-- The guarantee for every write, plain SQL included: long enough for its service, at most two
-- years ahead when its times are set. Refused as a check violation named after the rule, which
-- errors.ts words. The year back is not here: whether someone may enter late is a fact about the
-- person, which a row does not carry; book_session and the move path check it.
CREATE OR REPLACE FUNCTION sessions_time_plausible() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  problem jsonb;
BEGIN
  problem := session_time_refusal((SELECT billing_unit FROM services WHERE id = NEW.service_id), NEW.starts_at, NEW.ends_at, true);
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION '%', problem->'refusal'->>'message' USING ERRCODE = 'check_violation',
      CONSTRAINT = CASE problem->'refusal'->>'key' WHEN 'errors.sessionTooShort' THEN 'sessions_long_enough' ELSE 'sessions_within_two_years' END,
      DETAIL = (problem->'refusal'->'params')::text;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER sessions_time_plausible BEFORE INSERT OR UPDATE OF starts_at, ends_at, service_id ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_time_plausible();
