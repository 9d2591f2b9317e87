-- Agencies' own gateways find the silos in the Orleans membership table through the Orleans client (docs/security.md,
-- "Agencies' Orleans clients"). Their database logins are members of jp_agency_client, which may read only what the
-- ADO.NET clustering client reads: the provider's query registry and, of the membership table, the columns its gateway
-- query uses (not the silos' host names or timestamps). Nothing else: no grain state, no check records.
-- Roles are global to the PostgreSQL cluster, so this is idempotent and tolerates another database's migration
-- creating the role at the same moment. The role cannot log in; ./scripts/agency-credentials.sh creates a login with a
-- password for each agency (the migration sets no password). A migrator without CREATEROLE skips the role with a
-- notice: the operator then creates it (CREATE ROLE jp_agency_client NOLOGIN) and migrates again or grants as below.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jp_agency_client') THEN
        BEGIN
            CREATE ROLE jp_agency_client NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'jp_agency_client was not created (the migrating role lacks CREATEROLE); agencies'' logins cannot read the membership table until an operator creates it and grants it SELECT';
        END;
    END IF;

    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'jp_agency_client') THEN
        GRANT SELECT (querykey, querytext) ON orleansquery TO jp_agency_client;
        GRANT SELECT (deploymentid, address, proxyport, generation, status) ON orleansmembershiptable TO jp_agency_client;
    END IF;
END
$$;
