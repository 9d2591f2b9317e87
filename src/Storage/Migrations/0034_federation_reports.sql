-- Reporting back to the upstream node (issue 23 item 3; 五, last paragraph: 及时反馈惩戒情况). Both sides live in
-- every node: a node follows one upstream and may be followed by others.

-- The follower's outbox: every hit of a local agency on an upstream case (a case whose court is one of the upstream's,
-- '{node}/{court}'), and the binding feedback on such a hit. Written in the transaction that records the hit
-- (jp_check_hit) or the feedback (jp_feedback), so nothing recorded is missed; the follower grain sends the unsent rows in
-- id order and sets sent_at once the upstream acknowledged them (at least once; the upstream counts a check once).
-- Nothing of the person is kept here: the check id, agency, measure, decision, the upstream's court codes and case
-- numbers, and the feedback outcome. A hit and its feedback are serialised on a transaction-level advisory lock on the
-- check id, so whichever commits second sees the other and the feedback row is written exactly once.
-- refused: the upstream refused the row alone (400); it is kept, marked, and passed over.
CREATE TABLE jp_upstream_report
(
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id     uuid        NOT NULL,
    agency       text        NOT NULL,
    measure      text        NOT NULL,
    decision     smallint    NOT NULL,  -- 1 flag … 4 block
    checked_at   timestamptz NOT NULL,
    cases        jsonb       NOT NULL,  -- [{"court", "caseNumber"}], the court by the upstream's own code
    outcome      smallint    NULL,  -- NULL: the hit itself; the feedback's 1 refused, 2 served, 3 reviewed
    sent_at      timestamptz NULL,
    refused      text        NULL
);

-- One hit row and one feedback row per check.
CREATE UNIQUE INDEX ux_jp_upstream_report_check ON jp_upstream_report (check_id, (outcome IS NOT NULL));

CREATE INDEX ix_jp_upstream_report_unsent ON jp_upstream_report (id) WHERE sent_at IS NULL;

-- The upstream's side: what followers reported (POST /v1/federation/reports), one row per node and check; GET /v1/stats
-- counts it under '{node}/{agency}'. The first outcome binds (as jp_feedback); a report sent again changes nothing.
CREATE TABLE jp_node_report
(
    node         text        NOT NULL,
    check_id     uuid        NOT NULL,
    agency       text        NOT NULL,
    measure      text        NOT NULL,
    decision     smallint    NOT NULL,
    checked_at   timestamptz NOT NULL,
    cases        jsonb       NOT NULL,
    outcome      smallint    NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (node, check_id)
);

CREATE INDEX ix_jp_node_report_time ON jp_node_report (checked_at);
