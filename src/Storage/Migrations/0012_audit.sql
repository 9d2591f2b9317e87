-- Who did what, when: every operator and court action that changes state (四(四) accountability needs a
-- record nobody can rewrite). Append-only: updates, deletes and truncation are refused by triggers, so
-- even the application's own database role cannot quietly edit history.
CREATE TABLE jp_audit
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_role  text        NOT NULL,
    actor_code  text        NOT NULL,
    action      text        NOT NULL,
    target      text        NOT NULL,
    detail      jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX jp_audit_actor ON jp_audit (actor_role, actor_code, id);

CREATE FUNCTION jp_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'jp_audit is append-only';
END;
$$;

CREATE TRIGGER jp_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON jp_audit
    FOR EACH ROW EXECUTE FUNCTION jp_audit_append_only();

CREATE TRIGGER jp_audit_no_truncate BEFORE TRUNCATE ON jp_audit
    FOR EACH STATEMENT EXECUTE FUNCTION jp_audit_append_only();
