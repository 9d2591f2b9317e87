-- Subject projections set-based, for subjects whose first state row is written in the same transaction (the
-- follower's bulk path, PostgresSubjectBulkStore): one statement a projection for a whole page of subjects instead of
-- one function call a subject. Each writes what the per-subject function writes for a subject it has no row of (its
-- first projection) and returns as "held" the keys of the subjects it found a row of already and left alone: the
-- caller rolls back and leaves those subjects to their grains, whose per-subject calls judge the row by revision.
-- Subjects are given as parallel arrays (p_keys, p_revisions); a subject's rows as arrays whose p_of holds the
-- subject's position in p_keys (1-based). The statements of a WITH share one snapshot, so "held" sees only rows that
-- existed before this statement; a row another transaction inserted meanwhile makes ON CONFLICT skip the subject,
-- and that subject is returned too whenever it had something to write.

-- jp_project_court_listings' first projection (0020).
CREATE FUNCTION jp_project_court_listings_first(
    p_keys text[], p_revisions bigint[], p_of integer[], p_cases text[], p_courts text[], p_missing boolean[])
RETURNS SETOF text
LANGUAGE sql AS
$$
    WITH s AS (
        SELECT k, r, n, n IN (SELECT unnest(p_of)) AS has FROM unnest(p_keys, p_revisions) WITH ORDINALITY AS s (k, r, n)
    ), fresh AS (
        INSERT INTO jp_court_listing_subject (subject_key, revision)
        SELECT k, r FROM s WHERE has ORDER BY k
        ON CONFLICT (subject_key) DO NOTHING
        RETURNING subject_key
    ), written AS (
        INSERT INTO jp_court_listing (subject_key, case_number, court, risk_notice_missing)
        SELECT f.subject_key, u.c, u.ct, u.m
          FROM unnest(p_of, p_cases, p_courts, p_missing) AS u (n, c, ct, m)
          JOIN s ON s.n = u.n
          JOIN fresh f ON f.subject_key = s.k
    )
    SELECT k FROM s
     WHERE k NOT IN (SELECT subject_key FROM fresh)
       AND (has OR EXISTS (SELECT 1 FROM jp_court_listing_subject c WHERE c.subject_key = s.k))
$$;

-- jp_project_due_steps' first projection (0008).
CREATE FUNCTION jp_project_due_steps_first(
    p_keys text[], p_revisions bigint[], p_of integer[], p_cases text[], p_steps smallint[], p_courts text[], p_due date[])
RETURNS SETOF text
LANGUAGE sql AS
$$
    WITH s AS (
        SELECT k, r, n, n IN (SELECT unnest(p_of)) AS has FROM unnest(p_keys, p_revisions) WITH ORDINALITY AS s (k, r, n)
    ), fresh AS (
        INSERT INTO jp_due_subject (subject_key, revision)
        SELECT k, r FROM s WHERE has ORDER BY k
        ON CONFLICT (subject_key) DO NOTHING
        RETURNING subject_key
    ), written AS (
        INSERT INTO jp_due_step (subject_key, case_number, step, court, due_on)
        SELECT f.subject_key, u.c, u.st, u.ct, u.d
          FROM unnest(p_of, p_cases, p_steps, p_courts, p_due) AS u (n, c, st, ct, d)
          JOIN s ON s.n = u.n
          JOIN fresh f ON f.subject_key = s.k
    )
    SELECT k FROM s
     WHERE k NOT IN (SELECT subject_key FROM fresh)
       AND (has OR EXISTS (SELECT 1 FROM jp_due_subject d WHERE d.subject_key = s.k))
$$;

-- jp_project_objections' first projection (0021).
CREATE FUNCTION jp_project_objections_first(
    p_keys text[], p_revisions bigint[], p_of integer[], p_ids text[], p_cases text[], p_courts text[], p_agencies text[],
    p_measures text[], p_reasons text[], p_received timestamptz[], p_taken_up date[])
RETURNS SETOF text
LANGUAGE sql AS
$$
    WITH s AS (
        SELECT k, r, n, n IN (SELECT unnest(p_of)) AS has FROM unnest(p_keys, p_revisions) WITH ORDINALITY AS s (k, r, n)
    ), fresh AS (
        INSERT INTO jp_objection_subject (subject_key, revision)
        SELECT k, r FROM s WHERE has ORDER BY k
        ON CONFLICT (subject_key) DO NOTHING
        RETURNING subject_key
    ), written AS (
        INSERT INTO jp_objection (subject_key, case_number, objection_id, court, agency, measure, reason, received_at, taken_up_on)
        SELECT f.subject_key, u.c, u.i, u.ct, u.a, u.m, u.r, u.at, u.t
          FROM unnest(p_of, p_ids, p_cases, p_courts, p_agencies, p_measures, p_reasons, p_received, p_taken_up)
               AS u (n, i, c, ct, a, m, r, at, t)
          JOIN s ON s.n = u.n
          JOIN fresh f ON f.subject_key = s.k
    )
    SELECT k FROM s
     WHERE k NOT IN (SELECT subject_key FROM fresh)
       AND (has OR EXISTS (SELECT 1 FROM jp_objection_subject o WHERE o.subject_key = s.k))
$$;

-- jp_project_public_list's first projection (0019): every subject given has listings, so each has a subject row
-- (which precedes its entries and is never deleted); one found already is held.
CREATE FUNCTION jp_project_public_list_first(
    p_keys text[], p_revisions bigint[], p_of integer[],
    p_cases text[], p_events text[], p_courts text[], p_names text[], p_masked text[], p_listed date[])
RETURNS SETOF text
LANGUAGE sql AS
$$
    WITH s AS (
        SELECT k, r, n FROM unnest(p_keys, p_revisions) WITH ORDINALITY AS s (k, r, n)
    ), fresh AS (
        INSERT INTO jp_public_subject (subject_key, revision)
        SELECT k, r FROM s ORDER BY k
        ON CONFLICT (subject_key) DO NOTHING
        RETURNING subject_key
    ), written AS (
        INSERT INTO jp_public_listing (subject_key, case_number, listed_event_id, court, name, id_masked, listed_on)
        SELECT f.subject_key, u.c, u.e, u.ct, u.nm, u.ms, u.l
          FROM unnest(p_of, p_cases, p_events, p_courts, p_names, p_masked, p_listed) AS u (n, c, e, ct, nm, ms, l)
          JOIN s ON s.n = u.n
          JOIN fresh f ON f.subject_key = s.k
    )
    SELECT k FROM s WHERE k NOT IN (SELECT subject_key FROM fresh)
$$;

-- jp_project_watch (0032) for many subjects: a subject nobody watches (nearly all) costs one probe, and only watched
-- ones are projected, one call each in the order given; none is held. Sequential scans off as for jp_project_watch (0036).
CREATE FUNCTION jp_project_watch_first(
    p_keys text[], p_due date[], p_of integer[], p_measures text[], p_decisions smallint[], p_at timestamptz)
RETURNS void
LANGUAGE plpgsql AS
$$
DECLARE
    v record;
BEGIN
    DELETE FROM jp_watch_due d
     USING unnest(p_keys) AS u (k)
     WHERE d.subject_key = u.k AND NOT EXISTS (SELECT 1 FROM jp_watch_member m WHERE m.subject_key = u.k);

    FOR v IN
        SELECT s.k, s.due, s.n FROM unnest(p_keys, p_due) WITH ORDINALITY AS s (k, due, n)
         WHERE EXISTS (SELECT 1 FROM jp_watch_member m WHERE m.subject_key = s.k)
         ORDER BY s.n
    LOOP
        PERFORM jp_project_watch(v.k,
            ARRAY(SELECT u.m FROM unnest(p_of, p_measures) WITH ORDINALITY AS u (n, m, i) WHERE u.n = v.n ORDER BY u.i),
            ARRAY(SELECT u.d FROM unnest(p_of, p_decisions) WITH ORDINALITY AS u (n, d, i) WHERE u.n = v.n ORDER BY u.i),
            v.due, p_at);
    END LOOP;
END
$$;

ALTER FUNCTION jp_project_watch_first(text[], date[], integer[], text[], smallint[], timestamptz) SET enable_seqscan = off;
