-- Flow Studio: workspace policy, the event log behind live updates, test runs started through PMOS, and the last
-- seen state of each flow (to notice changes made directly in Flow Pieces).

CREATE TABLE workspace_settings (
    workspace_id         uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    members_can_publish  boolean     NOT NULL DEFAULT false,
    members_can_delete   boolean     NOT NULL DEFAULT false,
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- One row per topic (e.g. flow:<id>): its last event number. Updating it serializes publishers per topic,
-- so event numbers have no gaps and commit in order.
CREATE TABLE event_topics (
    topic         text PRIMARY KEY,
    workspace_id  uuid   NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    seq           bigint NOT NULL
);

CREATE TABLE events (
    id            bigserial PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    topic         text        NOT NULL,
    seq           bigint      NOT NULL,
    type          text        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (topic, seq)
);

CREATE TABLE flow_test_runs (
    run_id        text PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    flow_id       text        NOT NULL,
    created_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flow_test_runs_flow_idx ON flow_test_runs (workspace_id, flow_id, created_at DESC);

CREATE TABLE flow_watch (
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    flow_id       text        NOT NULL,
    state         text        NOT NULL,
    checked_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, flow_id)
);
