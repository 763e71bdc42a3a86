-- Labelled text data sets a researcher imports (CSV or JSONL with text and label) and builds studies and
-- explanation precomputes from. A data set belongs to the researcher who imported it; rows are immutable.
CREATE TABLE dataset (
    id              BIGSERIAL PRIMARY KEY,
    owner_id        BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name            TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- file name and format the rows came from, for provenance
    source          TEXT        NOT NULL,
    format          TEXT        NOT NULL CHECK (format IN ('csv', 'jsonl')),
    -- the distinct labels in first-seen order, as a JSON array of strings
    labels          JSONB       NOT NULL,
    row_count       INTEGER     NOT NULL CHECK (row_count > 0),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (owner_id, name)
);

CREATE TABLE dataset_row (
    dataset_id      BIGINT      NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    -- 1-based row number in the imported file (data rows only), so errors and items can name the row
    position        INTEGER     NOT NULL,
    text            TEXT        NOT NULL,
    label           TEXT        NOT NULL,
    PRIMARY KEY (dataset_id, position)
);
