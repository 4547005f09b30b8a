-- The extension the exclusion constraints need. The identifier checks that CHECK constraints use
-- (is_valid_personal_code, is_valid_registry_code) are in db/functions/, created before the schema.
CREATE EXTENSION IF NOT EXISTS btree_gist;
