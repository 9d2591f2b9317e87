-- The credit repair feed is not public and carries nothing non-public (CONTRACT "Feeds that are not public";
-- 四(二)2 依法不宜公开, 四(二)6): no entry for a subject none of whose listings was public, and no agency note.
-- The projection now writes neither (PostgresCreditRepairProjection); this removes what was written before.
-- A subject with a public listing has a trace in the public list: a listing published now, or the delisting of one
-- published before (credit repair follows delisting). Rows of subjects without such a trace are deleted. A public
-- subject whose listings ended before the public list existed has no trace either and loses its rows here; its grain
-- appends them again (with new seq) when it is next activated, since the projection re-appends what is missing.
DELETE FROM jp_credit_repair c
 WHERE NOT EXISTS (SELECT 1 FROM jp_public_listing p WHERE p.subject_key = c.subject_key)
   AND NOT EXISTS (SELECT 1 FROM jp_delisting d WHERE d.subject_key = c.subject_key);

ALTER TABLE jp_credit_repair DROP COLUMN note;

DROP FUNCTION jp_append_credit_repair(text, bigint, text, text, text, text, smallint, text, timestamptz);

-- As in 0010 (the counter row's lock keeps seq visible in order), without the note.
CREATE FUNCTION jp_append_credit_repair(
    p_key text, p_revision bigint, p_agency text, p_id_type text, p_id_masked text, p_name text,
    p_decision smallint, p_decided_at timestamptz)
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
    INSERT INTO jp_credit_repair (seq, subject_key, revision, agency, id_type, id_masked, name, decision, decided_at)
    VALUES (v_seq + 1, p_key, p_revision, p_agency, p_id_type, p_id_masked, p_name, p_decision, p_decided_at);
END
$$;
