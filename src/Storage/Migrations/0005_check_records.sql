-- What agencies asked and were told (自动反馈, 四(三)), kept at the cost the check path can afford:
-- every check is counted per agency, measure, decision and second; a check that restricted someone
-- (decision other than allow) is also kept one row each. An allowed passenger leaves no personal trace.
-- Subjects appear only as their keyed grain hash, never as an identity number.
CREATE TABLE jp_check_hit
(
    check_id    uuid        PRIMARY KEY,
    agency      text        NOT NULL,
    measure     text        NOT NULL,
    subject_key text        NOT NULL,
    decision    smallint    NOT NULL,  -- 1 flag, 2 limit, 3 review, 4 block
    checked_at  timestamptz NOT NULL
);

CREATE INDEX ix_jp_check_hit_agency_time ON jp_check_hit (agency, checked_at);

-- One row per flush of one process (source, seq): a retried flush inserts nothing twice.
CREATE TABLE jp_check_count
(
    source   uuid        NOT NULL,
    seq      bigint      NOT NULL,
    agency   text        NOT NULL,
    measure  text        NOT NULL,
    decision smallint    NOT NULL,  -- 0 allow … 4 block
    second   timestamptz NOT NULL,
    checks   bigint      NOT NULL,
    PRIMARY KEY (source, seq, agency, measure, decision, second)
);

CREATE INDEX ix_jp_check_count_agency_time ON jp_check_count (agency, second);

CREATE TABLE jp_feedback
(
    check_id    uuid        PRIMARY KEY,
    agency      text        NOT NULL,
    decision    smallint    NOT NULL,  -- the decision the check returned (from its signed id)
    checked_at  timestamptz NOT NULL,
    outcome     smallint    NOT NULL,  -- 1 refused, 2 served, 3 reviewed
    received_at timestamptz NOT NULL
);

CREATE INDEX ix_jp_feedback_agency ON jp_feedback (agency);
