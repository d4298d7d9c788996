-- PMOS foundation schema: workspaces, users, memberships, sessions, invitations, audit, login attempts.
-- Every row that belongs to a workspace carries workspace_id NOT NULL with a foreign key.

CREATE TABLE workspaces (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    email          text        NOT NULL CHECK (email = lower(email) AND char_length(email) <= 254),
    name           text        NOT NULL CHECK (char_length(name) BETWEEN 2 AND 100),
    password_hash  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    last_login_at  timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE memberships (
    id            uuid PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          text        NOT NULL CHECK (role IN ('super_admin', 'workspace_admin', 'member', 'viewer')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- Only a SHA-256 hash of the session token is stored.
CREATE TABLE sessions (
    id            uuid PRIMARY KEY,
    token_hash    text        NOT NULL UNIQUE,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    ip            text,
    user_agent    text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE invitations (
    id            uuid PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email         text        NOT NULL CHECK (email = lower(email)),
    role          text        NOT NULL CHECK (role IN ('workspace_admin', 'member', 'viewer')),
    token_hash    text        NOT NULL UNIQUE,
    invited_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    accepted_at   timestamptz,
    accepted_by   uuid        REFERENCES users (id) ON DELETE SET NULL,
    revoked_at    timestamptz
);
CREATE INDEX invitations_workspace_idx ON invitations (workspace_id);

-- Audit rows outlive the users they mention: actor is kept by id and email, without a foreign key.
-- workspace_id is NULL only for events that belong to no workspace (e.g. a failed sign-in for an unknown email).
CREATE TABLE audit_events (
    id            bigserial PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    action        text        NOT NULL,
    outcome       text        NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    actor_id      uuid,
    actor_email   text,
    workspace_id  uuid        REFERENCES workspaces (id) ON DELETE SET NULL,
    ip            text,
    user_agent    text,
    detail        jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_workspace_idx ON audit_events (workspace_id, id DESC);

-- Failed sign-ins per email + client address, kept in the database so a restart forgets nothing.
CREATE TABLE login_attempts (
    id          bigserial PRIMARY KEY,
    email       text        NOT NULL,
    ip          text        NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_lookup_idx ON login_attempts (email, ip, at);

-- Instance-wide settings changed at run time by a super_admin (NULL = use the configured default).
CREATE TABLE instance_settings (
    id              smallint PRIMARY KEY CHECK (id = 1),
    signup_enabled  boolean,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO instance_settings (id) VALUES (1);
