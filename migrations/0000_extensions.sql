-- Full-text search helpers used by the catalogue: trigram similarity for typos, unaccent for Latin look-alikes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
