-- The distinct short names ever published, for the similar-name search (三(一)). A trigram index over the listings
-- themselves returns every listing that shares trigrams with the name asked for, each on its own heap page: for a
-- rare name at 1,000,000 listings, 264 candidate rows fetched to keep 2 (docs/benchmarks.md "Public name search"). Searching the
-- distinct names instead (one short row each, a small table that stays cached) finds the few names that are
-- similar, whose listings are then read from the name index in the order they are shown.
-- Only names short enough to be searched for similar ones are kept (personal names: the gateway's
-- PublicNames.MaxSimilarLength, 4 UTF-16 units; char_length counts code points, so 4 here is a superset).
-- Rows are only added (PostgresPublicNameProjection): a name whose listings have all ended stays, costs one index
-- entry, and matches no listing, so it shows nothing. Removing it safely would need the name's row locked by every
-- projection that publishes it, for a saving of a few bytes per name.
CREATE TABLE jp_public_name
(
    name text PRIMARY KEY
);
-- fastupdate off: with it on, new names wait in the index's unsorted pending list (up to 4 MB) until a vacuum, and
-- every search reads that whole list: at 1,000,000 listings, 42,950 pending names made one rare-name search take 16 ms
-- instead of 0.7 ms. A name is inserted once, when first published; searches are many.
CREATE INDEX ix_jp_public_name_trgm ON jp_public_name USING gin (name gin_trgm_ops) WITH (fastupdate = off);

INSERT INTO jp_public_name (name)
SELECT DISTINCT name FROM jp_public_listing WHERE char_length(name) <= 4
ON CONFLICT DO NOTHING;

-- No query searches the listings by trigram any more, and each listing written no longer updates this index.
DROP INDEX ix_jp_public_listing_name_trgm;

-- The name index also carries the two columns a result shows that it lacked, so a page (exact, or one similar name's
-- rows) is read from the index alone, not from one heap page per row. 400 weighted name queries at 1,000,000
-- listings, one after another: mean 0.75 → 0.55 ms.
CREATE INDEX ix_jp_public_listing_name_page ON jp_public_listing (name, listed_on DESC, case_number, subject_key) INCLUDE (id_masked, court);
DROP INDEX ix_jp_public_listing_name_order;
