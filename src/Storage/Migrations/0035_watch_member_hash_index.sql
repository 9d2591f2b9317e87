-- Adding watchlist members is benchmarked at 50,000 a second through the API (issue 22). Two costs of each member row
-- go: the foreign key's lookup of its watchlist for every row (watchlists are never deleted, and the only writer,
-- WatchlistStore, takes the id from the watchlist's own row), and a B-tree over the 47-character subject keys, which
-- jp_project_watch and the subject-key rotation only ever probe for equality: a hash index answers those and holds
-- a 4-byte hash code per row. Measured on 1,000,000 rows (docs/benchmarks.md): the insert took half the time and the
-- table with its indexes 22% less space.
ALTER TABLE jp_watch_member DROP CONSTRAINT jp_watch_member_watchlist_id_fkey;
DROP INDEX jp_watch_member_subject;
CREATE INDEX jp_watch_member_subject ON jp_watch_member USING hash (subject_key);
