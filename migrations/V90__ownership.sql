-- Every stored object has an owner (an app_user id): explanations, representations and imported models get an
-- owner_id column here; data sets and precompute jobs already have one; study items, participants and answers
-- belong to their study's owner and collaborators. Reads, lists and writes answer 404 for objects that are not the
-- caller's. A NULL owner (a row made before this change whose owner cannot be told) is visible to admins only.

ALTER TABLE explanation ADD COLUMN owner_id BIGINT REFERENCES app_user (id) ON DELETE SET NULL;
ALTER TABLE representation ADD COLUMN owner_id BIGINT REFERENCES app_user (id) ON DELETE SET NULL;
ALTER TABLE imported_model ADD COLUMN owner_id BIGINT REFERENCES app_user (id) ON DELETE SET NULL;

-- The stored explanation is found again per owner: the same request by two researchers gives two rows.
ALTER TABLE explanation DROP CONSTRAINT explanation_request_key;
ALTER TABLE explanation ADD CONSTRAINT explanation_request_key
    UNIQUE NULLS NOT DISTINCT (owner_id, model_id, model_hash, method, params_key, text_hash, target);
CREATE INDEX explanation_owner_idx ON explanation (owner_id, id);
CREATE INDEX representation_owner_idx ON representation (owner_id, id);

-- Backfill (every statement only fills owners still unknown). Jobs without an owner belong to the owner of their study, else of their data set.
UPDATE precompute_job j SET owner_id = u.id
FROM study s JOIN app_user u ON s.owner = u.id::text
WHERE j.owner_id IS NULL AND j.study_id = s.id;
UPDATE precompute_job j SET owner_id = d.owner_id
FROM dataset d WHERE j.owner_id IS NULL AND j.dataset_id = d.id;

-- An explanation belongs to the owner of the first job that computed it.
UPDATE explanation e SET owner_id = first.owner_id
FROM (SELECT DISTINCT ON (t.explanation_id) t.explanation_id, j.owner_id
      FROM precompute_task t JOIN precompute_job j ON j.id = t.job_id
      WHERE t.explanation_id IS NOT NULL AND j.owner_id IS NOT NULL
      ORDER BY t.explanation_id, j.id) first
WHERE e.owner_id IS NULL AND e.id = first.explanation_id;

-- A representation belongs to the owner of the first study that froze it (the provenance of a frozen payload
-- names the representation), else to the owner of the explanation it was made from.
UPDATE representation r SET owner_id = first.owner_id
FROM (SELECT DISTINCT ON (rep_id) rep_id, u.id AS owner_id
      FROM (SELECT s.id AS study_id, s.owner,
                   (p.value -> 'provenance' ->> 'representationId') AS rep_text
            FROM study_item i JOIN study s ON s.id = i.study_id,
                 jsonb_each(i.explanations) p
            WHERE jsonb_typeof(p.value) = 'object') refs
      JOIN app_user u ON refs.owner = u.id::text
      CROSS JOIN LATERAL (SELECT refs.rep_text::bigint AS rep_id) x
      WHERE refs.rep_text ~ '^[0-9]{1,18}$'
      ORDER BY rep_id, refs.study_id) first
WHERE r.owner_id IS NULL AND r.id = first.rep_id;
UPDATE representation r SET owner_id = e.owner_id
FROM explanation e
WHERE r.owner_id IS NULL AND r.source ~ '^explanation:[0-9]{1,18}$'
  AND e.id = substring(r.source FROM 13)::bigint;
-- ... and an explanation without a job belongs to the owner of a representation made from it.
UPDATE explanation e SET owner_id = r.owner_id
FROM representation r
WHERE e.owner_id IS NULL AND r.owner_id IS NOT NULL AND r.source = 'explanation:' || e.id;

-- An imported model belongs to the owner of the first job that ran on it.
UPDATE imported_model m SET owner_id = first.owner_id
FROM (SELECT DISTINCT ON (model_id) model_id, owner_id FROM precompute_job
      WHERE owner_id IS NOT NULL ORDER BY model_id, id) first
WHERE m.owner_id IS NULL AND m.id = first.model_id;
