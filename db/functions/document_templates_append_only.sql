-- A template version is never changed or removed once saved: documents laid out with it must come
-- out the same when made again. A change is a new version (a new row).
CREATE OR REPLACE FUNCTION document_templates_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a saved template version cannot be changed; save a new version' USING ERRCODE = 'check_violation', CONSTRAINT = 'document_templates_append_only';
END $$;

CREATE OR REPLACE TRIGGER document_templates_append_only BEFORE UPDATE OR DELETE ON document_templates
  FOR EACH ROW EXECUTE FUNCTION document_templates_append_only();
