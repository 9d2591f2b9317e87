-- 四(四): what the leading group issued to an agency that did not apply joint punishment: notices (通报) and
-- interviews (约谈). The consequences (四(四)1–3) are derived from these rows and the failures to punish, so
-- they cannot drift from the record.
CREATE TABLE jp_agency_notice
(
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency    text        NOT NULL,
    kind      smallint    NOT NULL,  -- 1 notice (通报), 2 interview (约谈)
    reason    text        NOT NULL,
    issued_at timestamptz NOT NULL
);

CREATE INDEX ix_jp_agency_notice_agency ON jp_agency_notice (agency, issued_at);

-- A failure to punish after an interview is looked up by time.
CREATE INDEX ix_jp_feedback_agency_failures ON jp_feedback (agency, received_at) WHERE outcome = 2 AND decision = 4;
