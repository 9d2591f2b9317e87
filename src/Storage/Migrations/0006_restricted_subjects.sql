-- The subjects some court has named (debtors, officers of listed units), as the first 64 bits of their
-- keyed grain hash. The index shard grains hold this set in memory, each a contiguous range of hashes,
-- so that a check for anyone else — nearly every passenger — is answered without activating a subject
-- grain or querying PostgreSQL. This table is what a shard reloads its range from after a restart.
CREATE TABLE jp_restricted_subject
(
    key_hash bigint PRIMARY KEY
);
