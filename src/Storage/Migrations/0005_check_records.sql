-- Every check an agency makes, and the feedback it gives (自动反馈): the ledger of 四(三) counts from here.
-- Subjects appear only as their keyed grain hash, never as an identity number.
CREATE TABLE jp_check
(
    check_id    uuid        PRIMARY KEY,
    agency      text        NOT NULL,
    measure     text        NOT NULL,
    subject_key text        NOT NULL,
    decision    smallint    NOT NULL,  -- 0 allow, 1 flag, 2 limit, 3 review, 4 block
    checked_at  timestamptz NOT NULL
);

CREATE INDEX ix_jp_check_agency_time ON jp_check (agency, checked_at);

CREATE TABLE jp_feedback
(
    check_id    uuid        PRIMARY KEY,
    agency      text        NOT NULL,
    outcome     smallint    NOT NULL,  -- 1 refused, 2 served, 3 reviewed
    received_at timestamptz NOT NULL
);

CREATE INDEX ix_jp_feedback_agency ON jp_feedback (agency);
