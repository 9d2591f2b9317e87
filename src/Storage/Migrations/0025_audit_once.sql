-- One audit row per applied court event, written exactly once: when a court sends a batch again because the first
-- answer was lost (the events were applied, the audit or the answer failed), its events come back `duplicate` and the
-- gateway records the ones not yet on record; this key makes a second record of the same event a no-op
-- (INSERT … ON CONFLICT DO NOTHING, which needs no right beyond INSERT). Null for every other row.
ALTER TABLE jp_audit ADD COLUMN once_key text;

CREATE UNIQUE INDEX jp_audit_once ON jp_audit (once_key);
