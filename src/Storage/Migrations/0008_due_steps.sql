-- Court deadlines (四(二)3, 四(二)4): the pending steps of listed cases with their due date, kept by a subject
-- projection. Only subjects with a pending step have rows, so the table is as large as the open work, not as
-- the list; "what is overdue" reads the start of one index (due_on …, or court, due_on …).
CREATE TABLE jp_due_subject
(
    subject_key text   PRIMARY KEY,
    revision    bigint NOT NULL
);

CREATE TABLE jp_due_step
(
    subject_key text     NOT NULL,
    case_number text     NOT NULL,
    step        smallint NOT NULL,  -- 1 correction_review, 2 delisting
    court       text     NOT NULL,
    due_on      date     NOT NULL,
    PRIMARY KEY (subject_key, case_number, step)
);

-- Ordered like the overdue query, so it reads the first rows of an index and stops (DISTINCT ON + LIMIT stream).
CREATE INDEX ix_jp_due_step_due ON jp_due_step (due_on, court, case_number, step);
CREATE INDEX ix_jp_due_step_court_due ON jp_due_step (court, due_on, case_number, step);

-- Brings one subject's steps to p_revision; an older or repeated revision changes nothing (projections are
-- replayed on every activation). A subject with nothing pending only deletes what it had.
CREATE FUNCTION jp_project_due_steps(
    p_key text, p_revision bigint, p_cases text[], p_steps smallint[], p_courts text[], p_due date[])
RETURNS void
LANGUAGE plpgsql AS
$$
BEGIN
    IF cardinality(p_cases) = 0 THEN
        DELETE FROM jp_due_subject WHERE subject_key = p_key AND revision < p_revision;
        IF FOUND THEN
            DELETE FROM jp_due_step WHERE subject_key = p_key;
        END IF;
        RETURN;
    END IF;

    INSERT INTO jp_due_subject (subject_key, revision) VALUES (p_key, p_revision)
    ON CONFLICT (subject_key) DO UPDATE SET revision = excluded.revision
     WHERE jp_due_subject.revision < excluded.revision;
    IF NOT FOUND THEN
        RETURN;
    END IF;

    DELETE FROM jp_due_step WHERE subject_key = p_key;
    INSERT INTO jp_due_step (subject_key, case_number, step, court, due_on)
    SELECT p_key, c, s, ct, d FROM unnest(p_cases, p_steps, p_courts, p_due) AS u(c, s, ct, d);
END
$$;
