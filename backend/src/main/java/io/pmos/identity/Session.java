package io.pmos.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A signed-in browser. Only the SHA-256 of its token is stored. */
@Entity
@Table(name = "sessions")
public class Session {

    @Id
    public UUID id;

    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public String ip;

    @Column(name = "user_agent")
    public String userAgent;
}
