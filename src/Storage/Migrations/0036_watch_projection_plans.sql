-- jp_project_watch probes jp_watch_member by subject key only, but PL/pgSQL caches each statement's generic plan for
-- the life of a pooled connection. A plan made while the statistics say the table is empty or small (after autovacuum's or the
-- bench's ANALYZE before its watchlist phase) is a sequential scan, and it stays one while an agency adds
-- its members, until the next autoanalyze invalidates it: measured in one session on 300,000 rows, 43 ms a call
-- against 0.016 ms with the index. Every subject's projection runs this function, so the scan grew with the members
-- table and held the alert counter's row lock meanwhile. Sequential scans off for the function alone keep the cheap
-- cached plan and make it the index's (0.019 ms a call; forcing custom plans instead costs 0.067 ms).
ALTER FUNCTION jp_project_watch(text, text[], smallint[], date, timestamptz) SET enable_seqscan = off;
