-- Chat-first execution: conversations, their messages, one run per user message (its model transcript is kept so
-- a run waiting for an approval holds no thread and survives a restart), and approval requests.
-- The trace of a run is the event log's topic run:<id> (events table), kept like the conversation.

CREATE TABLE conversations (
    id            uuid PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title         text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_owner_idx ON conversations (workspace_id, user_id, updated_at DESC);

CREATE TABLE chat_runs (
    id               uuid PRIMARY KEY,
    workspace_id     uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    conversation_id  uuid        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status           text        NOT NULL CHECK (status IN ('running', 'waiting_approval', 'succeeded', 'failed', 'cancelled')),
    provider         text        NOT NULL,
    model            text,
    transcript       jsonb       NOT NULL DEFAULT '[]'::jsonb,
    steps            integer     NOT NULL DEFAULT 0,
    input_tokens     integer     NOT NULL DEFAULT 0,
    output_tokens    integer     NOT NULL DEFAULT 0,
    error            text,
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
-- At most one active run per conversation (the API answers 409 for a second message meanwhile).
CREATE UNIQUE INDEX chat_runs_one_active ON chat_runs (conversation_id) WHERE status IN ('running', 'waiting_approval');

CREATE TABLE chat_messages (
    id               uuid PRIMARY KEY,
    workspace_id     uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    conversation_id  uuid        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    run_id           uuid        REFERENCES chat_runs (id) ON DELETE SET NULL,
    role             text        NOT NULL CHECK (role IN ('user', 'assistant')),
    content          text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_messages_conversation_idx ON chat_messages (conversation_id, created_at);

CREATE TABLE approvals (
    id               uuid PRIMARY KEY,
    workspace_id     uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    run_id           uuid        REFERENCES chat_runs (id) ON DELETE CASCADE,
    tool_call_id     text,
    tool             text        NOT NULL,
    arguments        jsonb       NOT NULL,
    arguments_hash   text        NOT NULL,
    risk_reason      text        NOT NULL,
    requested_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    requested_email  text,
    status           text        NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired')),
    expires_at       timestamptz NOT NULL,
    decided_by       uuid        REFERENCES users (id) ON DELETE SET NULL,
    decided_email    text,
    decided_at       timestamptz,
    reason           text,
    result           jsonb,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approvals_pending_idx ON approvals (workspace_id, status, created_at DESC);

ALTER TABLE workspace_settings ADD COLUMN four_eyes boolean NOT NULL DEFAULT false;
