-- Whether someone with `p_scope` acts for these specialists: 'own' only with oneself among them,
-- 'unit' only for people of the unit subtree (oneself always), 'all' for anyone.
CREATE OR REPLACE FUNCTION covers_specialists(p_scope text, p_unit_subtree uuid[], p_actor uuid, p_specialists uuid[]) RETURNS boolean
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF p_scope = 'all' THEN
    RETURN true;
  ELSIF p_scope = 'own' THEN
    RETURN p_actor = ANY(p_specialists);
  ELSIF p_scope = 'unit' THEN
    RETURN NOT EXISTS (
      SELECT 1 FROM unnest(p_specialists) s WHERE s <> p_actor
         AND NOT EXISTS (SELECT 1 FROM employee_units eu WHERE eu.employee_id = s AND eu.unit_id = ANY(p_unit_subtree)));
  END IF;
  RETURN false;
END $$;
