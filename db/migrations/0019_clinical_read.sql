-- clients:read_clinical splits a client's record in two (issue #11, item 15): clients:read is the
-- administrative part (name, codes, contacts, units, case manager, calendar), read_clinical the
-- special-category part (notes, network, decisions and limits, case plan, dataset), which the
-- application asks for on top of clients:read.
--
-- Existing installations keep their clinicians' behaviour: every role holding clients:read gets
-- read_clinical with the same scope when it has clinical work, that is when
--  * it holds clients:update (decisions, case plans, network are written with it), or
--  * its clients:read scope is `own`: it reaches only the clients a person works with (as case
--    manager, team member, head of their unit, or by a grant), and team members enter services.
-- A role that reads clients of a unit or of the institution without changing them (the front
-- desk) gets nothing: it sees the administrative record only. Administrators may grant it later.
INSERT INTO role_permissions (role_id, resource, action, scope)
SELECT r.role_id, 'clients', 'read_clinical', r.scope
  FROM role_permissions r
 WHERE r.resource = 'clients' AND r.action = 'read'
   AND (r.scope = 'own' OR EXISTS (
         SELECT 1 FROM role_permissions u WHERE u.role_id = r.role_id AND u.resource = 'clients' AND u.action = 'update'))
ON CONFLICT (role_id, resource, action) DO NOTHING;
