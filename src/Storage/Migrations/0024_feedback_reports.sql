-- Feedback is append-only (issue 24): the first report on a check stays in jp_feedback and binds (the ledger and the
-- statistics count it); every later report on the same check is kept here, beside it, and changes no count.
CREATE TABLE jp_feedback_report
(
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id    uuid        NOT NULL,
    agency      text        NOT NULL,
    outcome     smallint    NOT NULL,  -- 1 refused, 2 served, 3 reviewed
    received_at timestamptz NOT NULL
);

CREATE INDEX ix_jp_feedback_report_check ON jp_feedback_report (check_id);
