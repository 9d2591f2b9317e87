-- Republishers (转载方) subscribed to the delisting feed by webhook (四(二)7): each gets signed POSTs of the entries
-- after its cursor, which advances only when the republisher acknowledges with a 2xx, so every entry is retried until
-- it is acknowledged. The secret signs the requests (HMAC-SHA256); it is not personal data.
CREATE TABLE jp_republisher
(
    code            text        PRIMARY KEY,
    url             text        NOT NULL,
    secret          text        NOT NULL,
    cursor          bigint      NOT NULL DEFAULT 0,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL
);
CREATE INDEX ix_jp_republisher_due ON jp_republisher (next_attempt_at);
