-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet 10.4.2.
-- The provider binds parameters by name (@DeploymentId, @Address, ...) and reads result columns by name;
-- boolean answers are a single integer column, 0 meaning "not done".

CREATE TABLE orleansmembershipversiontable
(
    deploymentid varchar(150)   NOT NULL PRIMARY KEY,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0
);

CREATE TABLE orleansmembershiptable
(
    deploymentid varchar(150)   NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NULL,
    suspecttimes varchar(8000)  NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Membership changes are optimistic on the table version: a writer names the version it read and
-- succeeds only if nobody bumped it since. Locking the version row first makes "check version,
-- change row, bump version" one atomic step without sub-transactions.
CREATE FUNCTION jp_membership_insert(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable
     WHERE deploymentid = p_deployment_id AND version = p_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleansmembershiptable
           (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
            p_start_time, p_i_am_alive_time)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment_id;
    RETURN 1;
END
$$;

CREATE FUNCTION jp_membership_update(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable
     WHERE deploymentid = p_deployment_id AND version = p_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable
       SET status = p_status, suspecttimes = p_suspect_times, iamalivetime = p_i_am_alive_time
     WHERE deploymentid = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment_id;
    RETURN 1;
END
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey',
 'WITH inserted AS (
      INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
      ON CONFLICT DO NOTHING
      RETURNING 1)
  SELECT count(*)::integer FROM inserted'),

('InsertMembershipKey',
 'SELECT jp_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
                              @ProxyPort, @StartTime, @IAmAliveTime, @Version)'),

('UpdateMembershipKey',
 'SELECT jp_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                              @IAmAliveTime, @Version)'),

('UpdateIAmAlivetimeKey',
 'UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
   WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),

-- The version row comes back even when the silo has no row yet: the provider needs the table version.
('MembershipReadRowKey',
 'SELECT v.deploymentid AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
         m.siloname AS SiloName, m.hostname AS HostName, m.status AS Status, m.proxyport AS ProxyPort,
         m.suspecttimes AS SuspectTimes, m.starttime AS StartTime, m.iamalivetime AS IAmAliveTime,
         v.version AS Version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m
           ON m.deploymentid = v.deploymentid
          AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
   WHERE v.deploymentid = @DeploymentId'),

('MembershipReadAllKey',
 'SELECT v.deploymentid AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
         m.siloname AS SiloName, m.hostname AS HostName, m.status AS Status, m.proxyport AS ProxyPort,
         m.suspecttimes AS SuspectTimes, m.starttime AS StartTime, m.iamalivetime AS IAmAliveTime,
         v.version AS Version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
   WHERE v.deploymentid = @DeploymentId'),

('DeleteMembershipTableEntriesKey',
 'DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
  DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId'),

('GatewaysQueryKey',
 'SELECT address AS Address, proxyport AS ProxyPort, generation AS Generation
    FROM orleansmembershiptable
   WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0'),

-- Status 3 is Active: a live silo that stopped refreshing IAmAliveTime is left to the membership protocol.
('CleanupDefunctSiloEntriesKey',
 'DELETE FROM orleansmembershiptable
   WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3');
