-- Issue 10 items 4 and 5 (expand only: the previous release ignores both).
-- The newest flow version published on a flow's topic: a copy older than it is never published again.
ALTER TABLE flow_watch ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- One row per flow create request (its idempotency key): a retry with the same key finds the flow the first
-- attempt made instead of creating another one. attempt_until holds the key while an attempt may be running.
CREATE TABLE flow_create_requests (
    workspace_id     uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    idempotency_key  text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 100),
    display_name     text        NOT NULL,
    flow_id          text,
    attempt_until    timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, idempotency_key)
);
