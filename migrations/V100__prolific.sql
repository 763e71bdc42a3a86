-- Prolific through its API (docs/prolific.md): each researcher's token (encrypted), each study's Prolific study,
-- the Prolific status of each participant's submission, bulk bonuses with their payment state, and every call
-- sent to and received from Prolific.

-- The researcher's Prolific API token, AES-GCM encrypted with xstudy.prolific.secret-key (12-byte IV + ciphertext).
CREATE TABLE prolific_account (
    user_id           BIGINT      PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    token_enc         BYTEA       NOT NULL,
    prolific_user_id  TEXT,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The Prolific study of an xstudy study, made with the token of user_id (who linked it).
CREATE TABLE prolific_study (
    study_id          BIGINT      PRIMARY KEY REFERENCES study (id) ON DELETE CASCADE,
    user_id           BIGINT      NOT NULL REFERENCES app_user (id),
    prolific_id       TEXT        NOT NULL UNIQUE,
    status            TEXT        NOT NULL,
    -- the workspace's webhook secret, encrypted like the token; NULL until the study is published
    hook_secret_enc   BYTEA,
    hook_subscription TEXT,
    synced_at         TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Prolific's status of the participant's submission (RETURNED, TIMED-OUT, REJECTED ... as Prolific spells them).
-- A RETURNED, TIMED-OUT or REJECTED submission no longer holds a place (participant/Places).
ALTER TABLE participant ADD COLUMN prolific_status TEXT;
ALTER TABLE participant ADD COLUMN prolific_status_at TIMESTAMPTZ;

-- A bulk bonus: created on Prolific (creating -> created), then paid exactly once (created -> paying -> paid).
-- Only the request that moves a row from created to paying sends the pay call.
CREATE TABLE prolific_bonus (
    id                BIGSERIAL   PRIMARY KEY,
    study_id          BIGINT      NOT NULL REFERENCES study (id) ON DELETE CASCADE,
    prolific_id       TEXT        UNIQUE,
    state             TEXT        NOT NULL CHECK (state IN ('creating', 'created', 'paying', 'paid')),
    csv               TEXT        NOT NULL,
    total_cents       INT         NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    paying_since      TIMESTAMPTZ,
    paid_at           TIMESTAMPTZ
);
-- at most one bulk bonus of a study is on its way at a time
CREATE UNIQUE INDEX prolific_bonus_open ON prolific_bonus (study_id) WHERE state <> 'paid';

-- Each participant gets a performance bonus once per study, whatever happens to the requests.
CREATE TABLE prolific_bonus_line (
    bonus_id          BIGINT      NOT NULL REFERENCES prolific_bonus (id) ON DELETE CASCADE,
    study_id          BIGINT      NOT NULL REFERENCES study (id) ON DELETE CASCADE,
    prolific_pid      TEXT        NOT NULL,
    cents             INT         NOT NULL CHECK (cents > 0),
    UNIQUE (study_id, prolific_pid)
);

-- Every request sent to Prolific and every webhook received, with the answer; never the token.
CREATE TABLE prolific_call (
    id                BIGSERIAL   PRIMARY KEY,
    at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    study_id          BIGINT,
    user_id           BIGINT,
    direction         TEXT        NOT NULL CHECK (direction IN ('sent', 'received')),
    method            TEXT        NOT NULL,
    path              TEXT        NOT NULL,
    status            INT,
    request           TEXT,
    response          TEXT,
    millis            INT
);
CREATE INDEX prolific_call_study ON prolific_call (study_id, at);
