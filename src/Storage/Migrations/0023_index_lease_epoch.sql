-- Fences the index shards' lease horizon by activation (RestrictedShardGrain): each new activation of a shard takes
-- the next epoch before it loads its range, and only the activation holding the current epoch may move the horizon.
-- An older activation still alive (a duplicate across a membership change, or one paused) can then grant no lease past
-- the horizon its successor waited for, and it finds out it was superseded and stops answering. Rows of 0018 get
-- epoch 0; the first activation after this migration takes 1.
ALTER TABLE jp_index_lease_horizon ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
