-- 信用修复 (四(二)6): every agency decision on a subject's credit repair, as the feed the public credit information
-- system follows. Subjects appear as their keyed hash (to deduplicate replays) and a masked identifier.
-- seq is taken from a counter row locked by the writing transaction, so entries become visible in seq order:
-- a reader that has passed seq n never later finds a new entry below n (no gaps behind a cursor).
CREATE TABLE jp_feed_counter
(
    feed text   PRIMARY KEY,
    last bigint NOT NULL
);

INSERT INTO jp_feed_counter (feed, last) VALUES ('credit_repair', 0);

CREATE TABLE jp_credit_repair
(
    seq         bigint      PRIMARY KEY,
    subject_key text        NOT NULL,
    revision    bigint      NOT NULL,
    agency      text        NOT NULL,
    id_type     text        NOT NULL,
    id_masked   text        NOT NULL,
    name        text        NOT NULL,
    decision    smallint    NOT NULL,  -- 1 granted, 2 denied
    note        text        NULL,
    decided_at  timestamptz NOT NULL,
    UNIQUE (subject_key, agency, revision)
);

-- Appends one decision unless this (subject, agency, revision) is already in the feed (projections replay).
-- The counter row is locked first, so concurrent writers take turns and the existence check sees their commits.
CREATE FUNCTION jp_append_credit_repair(
    p_key text, p_revision bigint, p_agency text, p_id_type text, p_id_masked text, p_name text,
    p_decision smallint, p_note text, p_decided_at timestamptz)
RETURNS void
LANGUAGE plpgsql AS
$$
DECLARE
    v_seq bigint;
BEGIN
    SELECT last INTO v_seq FROM jp_feed_counter WHERE feed = 'credit_repair' FOR UPDATE;
    IF EXISTS (SELECT 1 FROM jp_credit_repair WHERE subject_key = p_key AND agency = p_agency AND revision = p_revision) THEN
        RETURN;
    END IF;

    UPDATE jp_feed_counter SET last = v_seq + 1 WHERE feed = 'credit_repair';
    INSERT INTO jp_credit_repair (seq, subject_key, revision, agency, id_type, id_masked, name, decision, note, decided_at)
    VALUES (v_seq + 1, p_key, p_revision, p_agency, p_id_type, p_id_masked, p_name, p_decision, p_note, p_decided_at);
END
$$;
