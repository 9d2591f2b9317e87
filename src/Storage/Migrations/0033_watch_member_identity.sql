-- Watchlist members keep their identity sealed beside the keyed hash (issue 22): "<id type number>:<id number>" under
-- AES-256-GCM (SecretProtector, purpose 'watch-member', owner = watchlist_id || E'\n' || ref), so rekey-subjects can
-- derive a member's key again under a new JP_SUBJECT_KEY even when no court has listed the person (no subject state
-- holds the identity), and reencrypt moves it to a new JP_STORAGE_KEY. Still no identity number or name in clear.
-- NULL in rows written before this migration: such a member moves with its subject's state when a court has listed
-- the person; otherwise rekey-subjects cannot move it (docs/operations.md, "Rotating keys"). Adding it again under the
-- same ref fills it in.
ALTER TABLE jp_watch_member ADD COLUMN subject text;
