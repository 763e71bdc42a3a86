-- A precompute job can run over the rows of a data set, and remembers who started it (the console lists a
-- researcher's own jobs). Both are null for jobs created before this change.
ALTER TABLE precompute_job
    ADD COLUMN dataset_id BIGINT REFERENCES dataset (id) ON DELETE SET NULL,
    ADD COLUMN owner_id   BIGINT REFERENCES app_user (id) ON DELETE SET NULL;

CREATE INDEX precompute_job_owner_idx ON precompute_job (owner_id, id);
