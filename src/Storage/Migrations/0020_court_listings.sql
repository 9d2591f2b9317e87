-- The court record (四(二)9): the listings each court made and whether a risk notice preceded them (四(二)3), kept by
-- a subject projection, one row per subject and listed case. risk_notice_missing is NULL for a listing recorded
-- before the platform checked for a notice: unknown, never counted against the court. Listings stored before this
-- migration appear when their subject is next activated or written (projections replay on activation).
CREATE TABLE jp_court_listing_subject
(
    subject_key text   PRIMARY KEY,
    revision    bigint NOT NULL
);

CREATE TABLE jp_court_listing
(
    subject_key         text    NOT NULL,
    case_number         text    NOT NULL,
    court               text    NOT NULL,
    risk_notice_missing boolean NULL,
    PRIMARY KEY (subject_key, case_number)
);

-- A court's counts read this index alone.
CREATE INDEX ix_jp_court_listing_court ON jp_court_listing (court, risk_notice_missing);

-- Brings one subject's listed cases to p_revision; an older or repeated revision changes nothing. A subject that
-- never listed anything (an officer, a risk notice only) writes no row at all.
CREATE FUNCTION jp_project_court_listings(
    p_key text, p_revision bigint, p_cases text[], p_courts text[], p_missing boolean[])
RETURNS void
LANGUAGE plpgsql AS
$$
BEGIN
    IF cardinality(p_cases) = 0 THEN
        DELETE FROM jp_court_listing_subject WHERE subject_key = p_key AND revision < p_revision;
        IF FOUND THEN
            DELETE FROM jp_court_listing WHERE subject_key = p_key;
        END IF;
        RETURN;
    END IF;

    INSERT INTO jp_court_listing_subject (subject_key, revision) VALUES (p_key, p_revision)
    ON CONFLICT (subject_key) DO UPDATE SET revision = excluded.revision
     WHERE jp_court_listing_subject.revision < excluded.revision;
    IF NOT FOUND THEN
        RETURN;
    END IF;

    DELETE FROM jp_court_listing WHERE subject_key = p_key;
    INSERT INTO jp_court_listing (subject_key, case_number, court, risk_notice_missing)
    SELECT p_key, c, ct, m FROM unnest(p_cases, p_courts, p_missing) AS u(c, ct, m);
END
$$;
