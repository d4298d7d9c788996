package io.pmos.workspace;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Membership rows: who holds which role in which workspace. */
@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, UUID> {

    public Uni<Membership> findFor(UUID workspaceId, UUID userId) {
        return find("workspaceId = ?1 and userId = ?2", workspaceId, userId).firstResult();
    }

    /** The workspace a user lands in on sign-in: the oldest membership. */
    public Uni<Membership> primaryOf(UUID userId) {
        return find("userId", Sort.ascending("createdAt"), userId).firstResult();
    }

    public Uni<List<Membership>> inWorkspace(UUID workspaceId) {
        return list("workspaceId", Sort.ascending("createdAt"), workspaceId);
    }

    public Uni<Long> countOf(UUID userId) {
        return count("userId", userId);
    }
}
