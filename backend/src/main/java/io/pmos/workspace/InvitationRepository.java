package io.pmos.workspace;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Invitation rows. */
@ApplicationScoped
public class InvitationRepository implements PanacheRepositoryBase<Invitation, UUID> {

    public Uni<Invitation> findByTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    public Uni<List<Invitation>> pendingIn(UUID workspaceId, Instant now) {
        return list("workspaceId = ?1 and acceptedAt is null and revokedAt is null and expiresAt > ?2",
                Sort.descending("createdAt"), workspaceId, now);
    }

    public Uni<Invitation> findIn(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).firstResult();
    }
}
