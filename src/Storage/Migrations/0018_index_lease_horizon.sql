-- How long leases granted by any activation of an index shard may still run (RestrictedShardGrain). An activation
-- writes a later time here before it grants a lease beyond the one written; a new activation reads it and waits for
-- no lease past it. So after a cold start, when every lease has long run out, the first adds are acknowledged at
-- once, and after a failover the successor waits only for leases that can still be running.
CREATE TABLE jp_index_lease_horizon
(
    shard        smallint PRIMARY KEY,
    leases_until timestamptz NOT NULL
);
