-- Assistance requests (协助执行): a court asks an agency to query, freeze, seize, locate or transfer in one of its cases,
-- and the agency answers once. Written by the gateway (AssistanceStore). The subject is personal data: the row keeps
-- its keyed hash (subject_key, as the projections do) and, for the two parties to read, the identity encrypted with the
-- storage keys (SecretProtector, purpose "assistance-subject", bound to the request id); never the number in clear.
-- agency_seq numbers one agency's requests 1, 2, 3 … under the lock of its counter row (jp_assistance_counter), so a
-- reader after a position can never pass a request that commits later with a lower one (two gateways inserting at
-- once): the agency's webhook and its list page by it.
CREATE TABLE jp_assistance_counter
(
    agency text   PRIMARY KEY,
    last   bigint NOT NULL
);

CREATE TABLE jp_assistance
(
    id            text        PRIMARY KEY,
    agency        text        NOT NULL,
    agency_seq    bigint      NOT NULL,
    court_seq     bigserial   NOT NULL,
    court         text        NOT NULL,
    case_number   text        NOT NULL,
    kind          smallint    NOT NULL CHECK (kind BETWEEN 1 AND 5),
    subject_key   text        NOT NULL,
    subject       text        NOT NULL,
    detail        text        NULL,
    requested_at  timestamptz NOT NULL,
    due_on        date        NOT NULL,
    outcome       smallint    NULL CHECK (outcome BETWEEN 1 AND 4),
    answer_detail text        NULL,
    answered_at   timestamptz NULL,
    CHECK ((outcome IS NULL) = (answered_at IS NULL)),
    UNIQUE (agency, agency_seq)
);

-- A court's own list, in the order it sent them.
CREATE INDEX ix_jp_assistance_court ON jp_assistance (court, court_seq);
-- The overdue requests (the operator's list, the ledger and the stats): only open ones are indexed.
CREATE INDEX ix_jp_assistance_open ON jp_assistance (due_on, agency) WHERE answered_at IS NULL;

-- Agencies' webhooks (PUT /v1/alerts/webhook): one URL per agency; the signing secret (Standard Webhooks, whsec_…) is
-- encrypted like republishers' (SecretProtector, purpose "agency-webhook-secret", bound to the agency code).
CREATE TABLE jp_agency_webhook
(
    agency     text        PRIMARY KEY,
    url        text        NOT NULL,
    secret     text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- How far each message source (assistance requests, alerts, …) has been delivered to each agency's webhook: the
-- cursor advances only on a 2xx; attempts and next_attempt_at hold the doubling retry delay.
CREATE TABLE jp_agency_webhook_cursor
(
    agency          text        NOT NULL,
    source          text        NOT NULL,
    cursor          bigint      NOT NULL DEFAULT 0,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text        NULL,
    PRIMARY KEY (agency, source)
);
CREATE INDEX ix_jp_agency_webhook_cursor_due ON jp_agency_webhook_cursor (next_attempt_at);
