-- The federation feed (GET /v1/federation/events; 五, last paragraph: the national and regional platforms exchange the
-- list automatically): every court event this node applied, in the order its followers read them.
-- seq comes from the 'federation' row of jp_feed_counter, taken by the last statement of the transaction that puts a
-- court's request on record (AuditLog.RecordCourtEventsAsync, before the court hears "applied"), so the row's lock is
-- held until that commit and seqs become visible in increasing order: a cursor never passes an event that commits later.
-- A seq a retry lost to a concurrent retry of the same event is a hole in the numbering, never a skipped event.
-- event is the event in the wire form of POST /v1/court/events; it names the subject, so it is sealed with the storage
-- keys (SecretProtector, purpose federation-event, owner court + event id; reencrypt moves it to the current key).
-- subject_key is the subject's keyed hash, so the subject-key rotation finds this table like every other.
CREATE TABLE jp_federation_event
(
    seq         bigint      PRIMARY KEY,
    court       text        NOT NULL,
    subject_key text        NOT NULL,
    event_id    text        NOT NULL,
    event       text        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (court, subject_key, event_id)
);

INSERT INTO jp_feed_counter (feed, last) VALUES ('federation', 0);
