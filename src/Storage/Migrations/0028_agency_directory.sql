-- The agencies the public may complain about (GET /v1/public/agencies, the choice of agency on the public page):
-- code and name only, never the key hash or the measures. Kept by the agency grains (AgencyGrain projects its
-- registration, key rotation and revocation, and again on every activation); agencies registered before this table
-- existed are projected by the silo's start-up task AgencyDirectoryBackfill. A revoked agency stays, not active.
CREATE TABLE jp_agency
(
    code   text    PRIMARY KEY,
    name   text    NOT NULL,
    active boolean NOT NULL
);
