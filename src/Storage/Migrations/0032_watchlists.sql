-- Watchlists and alerts (CONTRACT "Watchlists"; issue 22 item 1). An agency's named watchlists, one measure each; the
-- members keyed by the subject's keyed hash (subject_key, so the subject-key rotation finds the column) with the agency's
-- own ref and the decision last alerted; the alert feed; the days a watched subject's decision changes with no event.
-- No identity number and no name is stored.
CREATE TABLE jp_watchlist
(
    id      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency  text NOT NULL,
    name    text NOT NULL,
    measure text NOT NULL,
    UNIQUE (agency, name)
);

-- decision: the member's decision under the watchlist's measure as last alerted (0 = allow), so projecting the same
-- state again alerts nothing. A member is a few small columns and two index entries: nothing of it is kept in memory.
CREATE TABLE jp_watch_member
(
    watchlist_id integer  NOT NULL REFERENCES jp_watchlist (id),
    decision     smallint NOT NULL DEFAULT 0,
    ref          text     NOT NULL,
    subject_key  text     NOT NULL,
    PRIMARY KEY (watchlist_id, ref)
);

CREATE INDEX jp_watch_member_subject ON jp_watch_member (subject_key);

-- seq from the 'alert' row of jp_feed_counter, locked by the writing transaction until it commits (as the credit
-- repair feed, migration 0010): alerts become visible in seq order, so a reader past seq n never later finds one below n.
CREATE TABLE jp_alert
(
    agency    text        NOT NULL,
    seq       bigint      NOT NULL,
    watchlist text        NOT NULL,
    ref       text        NOT NULL,
    measure   text        NOT NULL,
    decision  smallint    NOT NULL,
    kind      smallint    NOT NULL, -- 0 restricted, 1 lifted
    at        timestamptz NOT NULL,
    PRIMARY KEY (agency, seq)
);

INSERT INTO jp_feed_counter (feed, last) VALUES ('alert', 0);

-- A watched subject whose decision changes on due_on with no court event (a retention running out, 四(二)5); the
-- silos' sweep projects it again on that day.
CREATE TABLE jp_watch_due
(
    subject_key text PRIMARY KEY,
    due_on      date NOT NULL
);

CREATE INDEX jp_watch_due_on ON jp_watch_due (due_on);

-- One subject's decisions now (the measures that are not allow, and their decisions) against every member row of it,
-- in every agency's watchlists: one statement per court event whatever the number of watching agencies. Rows whose
-- stored decision is on the other side of allow take the new one and get one alert each. Idempotent: the same
-- decisions again change nothing. The counter row is locked only when there is an alert to write.
CREATE FUNCTION jp_project_watch(p_key text, p_measures text[], p_decisions smallint[], p_due date, p_at timestamptz)
RETURNS void
LANGUAGE plpgsql AS
$$
DECLARE
    v_seq   bigint;
    v_count integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM jp_watch_member WHERE subject_key = p_key) THEN
        DELETE FROM jp_watch_due WHERE subject_key = p_key;
        RETURN;
    END IF;

    IF p_due IS NULL THEN
        DELETE FROM jp_watch_due WHERE subject_key = p_key;
    ELSE
        INSERT INTO jp_watch_due (subject_key, due_on) VALUES (p_key, p_due)
        ON CONFLICT (subject_key) DO UPDATE SET due_on = EXCLUDED.due_on WHERE jp_watch_due.due_on <> EXCLUDED.due_on;
    END IF;

    IF NOT EXISTS (
        SELECT 1
          FROM jp_watch_member m
          JOIN jp_watchlist w ON w.id = m.watchlist_id
          LEFT JOIN unnest(p_measures, p_decisions) AS d (measure, decision) ON d.measure = w.measure
         WHERE m.subject_key = p_key AND (m.decision = 0) <> (coalesce(d.decision, 0) = 0)) THEN
        RETURN;
    END IF;

    SELECT last INTO v_seq FROM jp_feed_counter WHERE feed = 'alert' FOR UPDATE;
    WITH now_decided AS (
        SELECT m.watchlist_id, m.ref, w.agency, w.name, w.measure, coalesce(d.decision, 0)::smallint AS decision
          FROM jp_watch_member m
          JOIN jp_watchlist w ON w.id = m.watchlist_id
          LEFT JOIN unnest(p_measures, p_decisions) AS d (measure, decision) ON d.measure = w.measure
         WHERE m.subject_key = p_key AND (m.decision = 0) <> (coalesce(d.decision, 0) = 0)
    ), changed AS (
        UPDATE jp_watch_member m SET decision = n.decision
          FROM now_decided n
         WHERE m.watchlist_id = n.watchlist_id AND m.ref = n.ref AND m.subject_key = p_key
           AND (m.decision = 0) <> (n.decision = 0)
        RETURNING n.watchlist_id, n.ref, n.agency, n.name, n.measure, n.decision
    )
    INSERT INTO jp_alert (agency, seq, watchlist, ref, measure, decision, kind, at)
    SELECT agency, v_seq + row_number() OVER (ORDER BY watchlist_id, ref), name, ref, measure, decision,
           CASE WHEN decision = 0 THEN 1 ELSE 0 END, p_at
      FROM changed;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    UPDATE jp_feed_counter SET last = v_seq + v_count WHERE feed = 'alert';
END
$$;
