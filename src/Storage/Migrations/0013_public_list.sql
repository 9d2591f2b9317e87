-- The public list (三(一): open to the public free of charge) and the delisting feed republishers follow
-- (四(二)7: a shielded or revoked entry must leave every mirror within 3 working days). Both are read models
-- kept by the subject grains' projection (ISubjectProjection) before a change is acknowledged.
-- No full identity number of a person is stored: rows are found by the subject's keyed hash (the grain key)
-- and carry only the masked form for display.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The revision of each subject the tables below reflect; its row lock also serialises projections of one subject.
CREATE TABLE jp_public_subject
(
    subject_key text PRIMARY KEY,
    revision    bigint NOT NULL
);

-- Active (listed), public cases: one row per subject and case.
CREATE TABLE jp_public_listing
(
    subject_key     text NOT NULL,
    case_number     text NOT NULL,
    -- the event id that started this listing episode: a case may be listed again after shielding
    listed_event_id text NOT NULL,
    court           text NOT NULL,
    name            text NOT NULL,
    id_masked       text NOT NULL,
    listed_on       date NOT NULL,
    PRIMARY KEY (subject_key, case_number)
);
CREATE INDEX ix_jp_public_listing_name ON jp_public_listing (name);
CREATE INDEX ix_jp_public_listing_name_trgm ON jp_public_listing USING gin (name gin_trgm_ops);

-- Delisted public entries, in the order readers see them. position comes from the 'delisting' row of jp_feed_counter,
-- incremented in the writing transaction (see PostgresPublicListProjection for why not a sequence).
CREATE TABLE jp_delisting
(
    position        bigint PRIMARY KEY,
    subject_key     text NOT NULL,
    case_number     text NOT NULL,
    listed_event_id text NOT NULL,
    kind            smallint NOT NULL, -- 1 shielded, 2 revoked
    name            text NOT NULL,
    id_masked       text NOT NULL,
    at              timestamptz NOT NULL,
    UNIQUE (subject_key, case_number, listed_event_id)
);

-- The feed's counter row in jp_feed_counter (the table the credit repair feed introduced for the same purpose).
INSERT INTO jp_feed_counter (feed, last) VALUES ('delisting', 0);
