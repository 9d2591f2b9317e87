-- The application's rights in PostgreSQL (docs/security.md "PostgreSQL roles and the audit trail"), applied by the
-- migrator on the schema owner's connection (JP_POSTGRES_ADMIN) after every run, so that tables added by later
-- migrations, and a database restored without its owners, are granted again. Idempotent.
--   jp_app          the application (silos, gateway): reads and writes its own tables; on jp_audit only INSERT and
--                   SELECT. The login role JP_POSTGRES names is made a member (jp.app_user) unless it is jp_app.
--   jp_audit_owner  owns jp_audit; NOLOGIN and no member the application could SET ROLE to, so nothing the
--                   application holds can update, delete, truncate or drop the audit, or disable its triggers.
DO $roles$
DECLARE
    app_user text := coalesce(current_setting('jp.app_user', true), '');
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jp_app') THEN
        BEGIN
            CREATE ROLE jp_app NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;   -- another database's migrator was first
        END;
    END IF;

    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jp_audit_owner') THEN
        BEGIN
            CREATE ROLE jp_audit_owner NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;

    IF app_user NOT IN ('', 'jp_app', current_user) AND EXISTS (SELECT FROM pg_roles WHERE rolname = app_user)
       AND NOT pg_has_role(app_user, 'jp_app', 'MEMBER') THEN
        EXECUTE format('GRANT jp_app TO %I', app_user);
    END IF;

    GRANT USAGE ON SCHEMA public TO jp_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO jp_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO jp_app;
    REVOKE INSERT, UPDATE, DELETE ON jp_schema_version FROM jp_app;

    IF to_regclass('jp_audit') IS NOT NULL THEN
        REVOKE ALL ON jp_audit FROM jp_app, PUBLIC;
        GRANT SELECT, INSERT ON jp_audit TO jp_app;
        -- Its identity sequence needs no grant for INSERT; without one the application cannot burn ids either.
        EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM jp_app, PUBLIC', pg_get_serial_sequence('jp_audit', 'id'));
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            -- A non-superuser may hand a table only to a role it is a member of, which may create in the schema.
            IF NOT pg_has_role(current_user, 'jp_audit_owner', 'MEMBER') THEN
                EXECUTE format('GRANT jp_audit_owner TO %I', current_user);
            END IF;
            GRANT CREATE ON SCHEMA public TO jp_audit_owner;
        END IF;
        ALTER TABLE jp_audit OWNER TO jp_audit_owner;
    END IF;
END
$roles$;
