-- The red list (诚信典型, 五(三)) as the public queries it by name, kept by a subject projection (PostgresRedListProjection)
-- from the subject grain's entry: one row per subject that ever had one, in force or with its exit (exited_on and
-- exit_reason: "listed: <case number>" or "removed"). Like the public list, no clear identity number: the row is found by
-- the subject key (the keyed HMAC of the identity) and the number is stored masked. The category and dates are public;
-- the basis stays in the grain (the operator and the checks read it there). revision: a replayed or older snapshot
-- changes nothing.
CREATE TABLE jp_red_list
(
    subject_key text   PRIMARY KEY,
    revision    bigint NOT NULL,
    name        text   NOT NULL,
    id_type     text   NOT NULL,
    id_masked   text   NOT NULL,
    category    text   NOT NULL,
    since       date   NOT NULL,
    until       date   NULL,
    exited_on   date   NULL,
    exit_reason text   NULL
);

-- The public query: entries in force by exact (normalised) name, newest first.
CREATE INDEX ix_jp_red_list_name ON jp_red_list (name, since DESC, subject_key) INCLUDE (id_masked, category, until)
    WHERE exited_on IS NULL;
