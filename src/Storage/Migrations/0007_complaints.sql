-- 投诉举报 (四(二)8): complaints from the public that an agency did not apply a measure it should have.
-- The subject complained about is kept only as its keyed grain hash (to match it against listings) and a
-- masked identifier for display; the complainant's contact is kept for the agency's answer, never logged.
CREATE TABLE jp_complaint
(
    id                 uuid        PRIMARY KEY,
    agency             text        NOT NULL,
    subject_key        text        NULL,
    subject_masked     text        NULL,
    subject_name       text        NULL,
    subject_type       text        NULL,
    description        text        NOT NULL,
    contact            text        NULL,
    status             smallint    NOT NULL DEFAULT 0,  -- 0 open, 1 justified, 2 unfounded
    response           text        NULL,
    punishment_applied boolean     NOT NULL DEFAULT false,
    filed_at           timestamptz NOT NULL,
    resolved_at        timestamptz NULL
);

CREATE INDEX ix_jp_complaint_agency ON jp_complaint (agency, status, filed_at);
