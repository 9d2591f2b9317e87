-- Objections to measures that agencies refer to the courts (四(二)3 "由相关单位告知其向执行法院提出"), one row per
-- objection and case, kept by a subject projection for each court's list (GET /v1/court/objections). Subjects appear
-- only as their keyed hash: no identity number is stored here. Only subjects with objections have rows.
CREATE TABLE jp_objection_subject
(
    subject_key text   PRIMARY KEY,
    revision    bigint NOT NULL
);

CREATE TABLE jp_objection
(
    subject_key  text        NOT NULL,
    case_number  text        NOT NULL,
    objection_id text        NOT NULL,
    court        text        NOT NULL,
    agency       text        NOT NULL,
    measure      text        NOT NULL,
    reason       text        NOT NULL,
    received_at  timestamptz NOT NULL,
    taken_up_on  date        NULL,
    PRIMARY KEY (subject_key, case_number, objection_id)
);

-- A court's list, oldest first, reads the start of this index.
CREATE INDEX ix_jp_objection_court ON jp_objection (court, received_at, objection_id, case_number);

-- Brings one subject's objections to p_revision; an older or repeated revision changes nothing (projections are
-- replayed on every activation). A subject without objections only deletes what it had (usually nothing).
CREATE FUNCTION jp_project_objections(
    p_key text, p_revision bigint, p_ids text[], p_cases text[], p_courts text[], p_agencies text[], p_measures text[],
    p_reasons text[], p_received timestamptz[], p_taken_up date[])
RETURNS void
LANGUAGE plpgsql AS
$$
BEGIN
    IF cardinality(p_ids) = 0 THEN
        DELETE FROM jp_objection_subject WHERE subject_key = p_key AND revision < p_revision;
        IF FOUND THEN
            DELETE FROM jp_objection WHERE subject_key = p_key;
        END IF;
        RETURN;
    END IF;

    INSERT INTO jp_objection_subject (subject_key, revision) VALUES (p_key, p_revision)
    ON CONFLICT (subject_key) DO UPDATE SET revision = excluded.revision
     WHERE jp_objection_subject.revision < excluded.revision;
    IF NOT FOUND THEN
        RETURN;
    END IF;

    DELETE FROM jp_objection WHERE subject_key = p_key;
    INSERT INTO jp_objection (subject_key, case_number, objection_id, court, agency, measure, reason, received_at, taken_up_on)
    SELECT p_key, c, i, ct, a, m, r, at, t
      FROM unnest(p_ids, p_cases, p_courts, p_agencies, p_measures, p_reasons, p_received, p_taken_up) AS u(i, c, ct, a, m, r, at, t);
END
$$;
