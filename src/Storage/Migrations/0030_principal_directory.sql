-- The operator's directory of what is registered (GET /v1/agencies, /v1/courts, /v1/consumers and each by code): one row
-- per agency, court and feed consumer, never a key or key hash. Kept by the principal grains like jp_agency (after each
-- registration, key rotation and revocation, and again on every activation); those registered before this table existed
-- are projected by the silo's start-up task PrincipalDirectoryBackfill. A revoked principal stays, not active.
-- consumer_role is the ConsumerRole number (1 credit_platform, 2 node).
CREATE TABLE jp_principal
(
    kind           text        NOT NULL CHECK (kind IN ('agency', 'court', 'consumer')),
    code           text        NOT NULL,
    name           text        NOT NULL,
    active         boolean     NOT NULL,
    measures       text[]      NOT NULL,
    higher_court   text,
    consumer_role  smallint,
    registered_at  timestamptz NOT NULL,
    key_changed_at timestamptz,
    PRIMARY KEY (kind, code)
);
