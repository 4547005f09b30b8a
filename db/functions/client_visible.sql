-- The SQL twin of canOnClient (server/policy/policy.ts) for one client, with the actor's facts
-- passed in: p_scope is the role scope of the action (null: none, which sees no client: false,
-- never NULL), p_units the units whose clients the person reaches (headed subtree, and the unit
-- subtree with scope 'unit'). 'all' is answered without the subqueries.
CREATE OR REPLACE FUNCTION client_visible(p_client uuid, p_actor uuid, p_scope text, p_units uuid[]) RETURNS boolean
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF p_scope = 'all' THEN RETURN true; END IF;
  IF p_scope IS NULL THEN RETURN false; END IF;
  RETURN EXISTS (SELECT 1 FROM clients c WHERE c.id = p_client AND c.case_manager_id = p_actor)
    OR EXISTS (SELECT 1 FROM client_team_members t WHERE t.client_id = p_client AND t.employee_id = p_actor)
    OR EXISTS (SELECT 1 FROM client_access_grants g WHERE g.client_id = p_client AND g.employee_id = p_actor
                 AND g.revoked_at IS NULL AND g.valid_from <= now() AND now() < g.valid_until)
    OR EXISTS (SELECT 1 FROM client_units u WHERE u.client_id = p_client AND u.unit_id = ANY(p_units));
END $$;
