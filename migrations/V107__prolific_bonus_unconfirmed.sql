-- A bulk bonus whose pay call got no answer and that Prolific does not show as paid: it is paid again only after
-- the researcher confirms it was not paid (docs/prolific.md, "Paying exactly once").
ALTER TABLE prolific_bonus DROP CONSTRAINT prolific_bonus_state_check;
ALTER TABLE prolific_bonus ADD CONSTRAINT prolific_bonus_state_check
    CHECK (state IN ('creating', 'created', 'paying', 'unconfirmed', 'paid'));
