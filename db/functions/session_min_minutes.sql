-- The shortest session a billing unit allows: 45 minutes for an academic hour (the unit
-- Töötukassa approves and pays), 15 minutes for everything else (an hour is billed in fractions,
-- but a session under a quarter of an hour is a slip of the mouse).
CREATE OR REPLACE FUNCTION session_min_minutes(p_unit text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_unit WHEN 'academic_hour' THEN 45 ELSE 15 END
$$;
