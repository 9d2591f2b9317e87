-- Name queries answer a page of exact matches in the order they are shown (listed_on DESC, case_number,
-- subject_key): with this index a common name's page is read from the index alone, instead of fetching and
-- sorting every row that has the name (529 rows for one name in a 1,000,000-row benchmark list).
CREATE INDEX ix_jp_public_listing_name_order ON jp_public_listing (name, listed_on DESC, case_number, subject_key);
DROP INDEX ix_jp_public_listing_name;
