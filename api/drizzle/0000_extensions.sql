-- Trigram matching gives product search its typo tolerance. PGlite loads the
-- extension from its contrib bundle; PostgreSQL ships it in contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- array_to_string is only STABLE, so a generated column cannot call it. On a
-- text array it depends on nothing but its arguments, which makes this
-- wrapper safe to declare IMMUTABLE.
CREATE OR REPLACE FUNCTION bazaar_text_array_to_string(text[], text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT array_to_string($1, $2) $$;
