-- Workspace connectors (Flow Pieces, MCP servers, AI provider). Non-secret settings live in config;
-- the one secret of a connector is stored AES-256-GCM encrypted (never in clear), with a short hint for its mask.

CREATE TABLE connectors (
    id                 uuid PRIMARY KEY,
    workspace_id       uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    kind               text        NOT NULL CHECK (kind IN ('flow_pieces', 'mcp', 'ai')),
    name               text        NOT NULL CHECK (name ~ '^[a-z][a-z0-9_-]{0,39}$'),
    config             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    secret_ciphertext  text,
    secret_hint        text,
    last_test          jsonb,
    last_tested_at     timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, name)
);
CREATE UNIQUE INDEX connectors_one_flow_pieces ON connectors (workspace_id) WHERE kind = 'flow_pieces';
CREATE UNIQUE INDEX connectors_one_ai ON connectors (workspace_id) WHERE kind = 'ai';
