-- A refusal as book_session and the move path return it (never raised, so nothing is written):
--   {"refusal": {"code", "key", "field", "message", "params"}}
CREATE OR REPLACE FUNCTION booking_refusal(p_code text, p_key text, p_field text, p_message text, p_params jsonb DEFAULT '{}') RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('refusal', jsonb_build_object('code', p_code, 'key', p_key, 'field', p_field, 'message', p_message, 'params', p_params))
$$;
