-- 二(十) supervision sampling: every draw an agency made, with what makes it reproducible (seed, rates, the
-- population's digest and which units were key targets) and its result. The population itself is not kept:
-- units are identified by their position and the agency's own reference, selected units also by keyed hash.
CREATE TABLE jp_sampling_draw
(
    id                uuid             PRIMARY KEY,
    agency            text             NOT NULL,
    drawn_by          text             NOT NULL,
    drawn_at          timestamptz      NOT NULL,
    seed              text             NOT NULL,  -- unsigned 64-bit, decimal
    rate              double precision NOT NULL,
    key_rate          double precision NOT NULL,
    population        integer          NOT NULL,
    population_digest text             NOT NULL,
    key_targets       integer[]        NOT NULL,
    selected          integer[]        NOT NULL,
    selected_refs     text[]           NOT NULL,
    selected_keys     text[]           NOT NULL
);

CREATE INDEX ix_jp_sampling_draw_agency ON jp_sampling_draw (agency, drawn_at);
