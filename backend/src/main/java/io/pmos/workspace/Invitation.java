package io.pmos.workspace;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A one-time link that lets a named email join a workspace with a given role. */
@Entity
@Table(name = "invitations")
public class Invitation {

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    public String email;

    public String role;

    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "invited_by")
    public UUID invitedBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "accepted_by")
    public UUID acceptedBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean isPending(Instant now) {
        return acceptedAt == null && revokedAt == null && expiresAt.isAfter(now);
    }
}
