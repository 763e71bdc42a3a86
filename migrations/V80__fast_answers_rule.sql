-- Exclusion rule on answers the server flagged too fast (response.too_fast: sooner after the step was shown than
-- xstudy.participant.min-answer-ms): exclude a participant with more such answers than max_fast_answers.
ALTER TABLE study_exclusion_rules ADD COLUMN max_fast_answers INT CHECK (max_fast_answers >= 0);

ALTER TABLE exclusion_decision DROP CONSTRAINT exclusion_decision_rule_check;
ALTER TABLE exclusion_decision ADD CONSTRAINT exclusion_decision_rule_check
    CHECK (rule IN ('ATTENTION_CHECK', 'TOO_FAST', 'FAST_ANSWERS', 'INCOMPLETE', 'MANUAL'));
