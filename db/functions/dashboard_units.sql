-- The units whose managers' dashboards show a change of these people and rooms: their units and
-- every unit above them (a region's head watches all of its teams).
CREATE OR REPLACE FUNCTION dashboard_units(p_people uuid[], p_rooms uuid[]) RETURNS uuid[]
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN ARRAY(
    WITH RECURSIVE up AS (
      SELECT u.id, u.parent_id FROM units u
       WHERE u.id IN (SELECT unit_id FROM employee_units WHERE employee_id = ANY(p_people)
                      UNION SELECT unit_id FROM rooms WHERE id = ANY(p_rooms))
      UNION SELECT p.id, p.parent_id FROM units p JOIN up ON p.id = up.parent_id)
    SELECT id FROM up);
END $$;
