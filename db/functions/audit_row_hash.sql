-- The SHA-256 of an audit row over every column that matters and the previous row's hash, so an
-- altered row no longer matches and a removed one breaks its chain (audit_log_chain, audit_verify).
CREATE OR REPLACE FUNCTION audit_row_hash(r audit_log) RETURNS text
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
