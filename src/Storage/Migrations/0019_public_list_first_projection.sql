-- A subject's first projection (every listing an import brings) has nothing published before it and nothing that
-- ended, so it only inserts: its subject row, then its entries. Comparing with the published entries, collecting
-- ended ones and deleting the old entries run only for a subject projected before. A subject's row in
-- jp_public_subject is never deleted and precedes its entries, so a subject without one has no entries.
-- Two first projections of one subject at once: the second's INSERT waits for the first to commit, finds the row
-- and takes the path of a later revision, as before.
CREATE OR REPLACE FUNCTION jp_project_public_list(
    p_key text, p_revision bigint,
    p_cases text[], p_events text[], p_courts text[], p_names text[], p_masked text[], p_listed date[],
    p_ended_cases text[], p_ended_events text[], p_ended_kinds smallint[], p_at timestamptz)
RETURNS void
LANGUAGE plpgsql AS
$$
DECLARE
    v_cases  text[];
    v_events text[];
    v_kinds  smallint[];
    v_names  text[];
    v_masked text[];
BEGIN
    INSERT INTO jp_public_subject (subject_key, revision) VALUES (p_key, p_revision) ON CONFLICT (subject_key) DO NOTHING;
    IF FOUND THEN
        INSERT INTO jp_public_listing (subject_key, case_number, listed_event_id, court, name, id_masked, listed_on)
        SELECT p_key, * FROM unnest(p_cases, p_events, p_courts, p_names, p_masked, p_listed);
        RETURN;
    END IF;

    UPDATE jp_public_subject SET revision = p_revision WHERE subject_key = p_key AND revision < p_revision;
    IF NOT FOUND THEN
        RETURN;
    END IF;

    -- Most changes (a risk notice, a correction request, a suspension) leave the public list as it was.
    IF NOT EXISTS (
        (SELECT case_number, listed_event_id, court, name, id_masked, listed_on FROM jp_public_listing WHERE subject_key = p_key
         EXCEPT SELECT * FROM unnest(p_cases, p_events, p_courts, p_names, p_masked, p_listed))
        UNION ALL
        (SELECT * FROM unnest(p_cases, p_events, p_courts, p_names, p_masked, p_listed)
         EXCEPT SELECT case_number, listed_event_id, court, name, id_masked, listed_on FROM jp_public_listing WHERE subject_key = p_key)) THEN
        RETURN;
    END IF;

    -- Published before, ended now: the entry as it was published leaves through the feed.
    SELECT array_agg(o.case_number ORDER BY o.case_number), array_agg(o.listed_event_id ORDER BY o.case_number),
           array_agg(e.kind ORDER BY o.case_number), array_agg(o.name ORDER BY o.case_number),
           array_agg(o.id_masked ORDER BY o.case_number)
      INTO v_cases, v_events, v_kinds, v_names, v_masked
      FROM jp_public_listing o
      JOIN unnest(p_ended_cases, p_ended_events, p_ended_kinds) AS e(case_number, listed_event_id, kind)
        ON e.case_number = o.case_number AND e.listed_event_id = o.listed_event_id
     WHERE o.subject_key = p_key;

    DELETE FROM jp_public_listing WHERE subject_key = p_key;
    INSERT INTO jp_public_listing (subject_key, case_number, listed_event_id, court, name, id_masked, listed_on)
    SELECT p_key, * FROM unnest(p_cases, p_events, p_courts, p_names, p_masked, p_listed);

    IF v_cases IS NOT NULL THEN
        WITH counter AS (
            UPDATE jp_feed_counter SET last = last + cardinality(v_cases) WHERE feed = 'delisting' RETURNING last)
        INSERT INTO jp_delisting (position, subject_key, case_number, listed_event_id, kind, name, id_masked, at)
        SELECT counter.last - cardinality(v_cases) + t.n, p_key, t.case_number, t.listed_event_id, t.kind, t.name, t.id_masked, p_at
        FROM counter, unnest(v_cases, v_events, v_kinds, v_names, v_masked)
            WITH ORDINALITY AS t(case_number, listed_event_id, kind, name, id_masked, n)
        ON CONFLICT (subject_key, case_number, listed_event_id) DO NOTHING;
    END IF;
END
$$;
