-- Grain state for Microsoft.Orleans.Persistence.AdoNet 10.4.2 (binary payload only).
-- Unlike the provider's reference schema this table has a unique key, so two activations racing to
-- create the same grain's first row cannot both succeed: the loser gets a version conflict.
CREATE TABLE orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamptz  NOT NULL,
    version                integer      NOT NULL
);

CREATE UNIQUE INDEX ux_orleansstorage_grain ON orleansstorage
    (grainidhash, graintypehash, grainidn0, grainidn1, serviceid, graintypestring,
     (coalesce(grainidextensionstring, '')));

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey',
 'SELECT payloadbinary AS PayloadBinary, version AS Version
    FROM orleansstorage
   WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
     AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
     AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
     AND coalesce(grainidextensionstring, '''') = coalesce(@GrainIdExtensionString, '''')'),

-- With a version: update that version only. Without one (never read from storage): insert the first row.
-- Returns the new version, or the unchanged one when nothing was written (the provider reports a conflict).
('WriteToStorageKey',
 'WITH updated AS (
      UPDATE orleansstorage
         SET payloadbinary = @PayloadBinary, modifiedon = now(), version = version + 1
       WHERE @GrainStateVersion::integer IS NOT NULL
         AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
         AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
         AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
         AND coalesce(grainidextensionstring, '''') = coalesce(@GrainIdExtensionString, '''')
         AND version = @GrainStateVersion::integer
      RETURNING version),
  inserted AS (
      INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                  grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
      SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
             @GrainIdExtensionString, @ServiceId, @PayloadBinary, now(), 1
       WHERE @GrainStateVersion::integer IS NULL
      ON CONFLICT DO NOTHING
      RETURNING version)
  SELECT coalesce((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion::integer)
         AS NewGrainStateVersion'),

('ClearStorageKey',
 'WITH cleared AS (
      UPDATE orleansstorage
         SET payloadbinary = NULL, modifiedon = now(), version = version + 1
       WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
         AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
         AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
         AND coalesce(grainidextensionstring, '''') = coalesce(@GrainIdExtensionString, '''')
         AND version = @GrainStateVersion::integer
      RETURNING version)
  SELECT coalesce((SELECT version FROM cleared), @GrainStateVersion::integer) AS Version'),

-- Deleting answers the deleted version + 1, which the provider expects as proof of success.
('DeleteStorageKey',
 'WITH deleted AS (
      DELETE FROM orleansstorage
       WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
         AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
         AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
         AND coalesce(grainidextensionstring, '''') = coalesce(@GrainIdExtensionString, '''')
         AND version = @GrainStateVersion::integer
      RETURNING version + 1 AS version)
  SELECT coalesce((SELECT version FROM deleted), @GrainStateVersion::integer) AS Version');
