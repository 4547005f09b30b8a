-- A calendar view shows several clients at once and is logged as one audit row listing them in
-- details.clientIds; a client's access history looks for its id there. This index keeps that
-- lookup as quick as the one by audit_log.client_id.
CREATE INDEX audit_log_details_client_ids_idx ON audit_log USING gin ((details -> 'clientIds'));
