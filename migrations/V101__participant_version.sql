-- Issue 18: several servers share one database. Every write of a participant row counts its version up, and a
-- server writes or shows its memory copy of a session only while the copy's version is the row's.
ALTER TABLE participant ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
