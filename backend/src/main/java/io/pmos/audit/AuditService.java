package io.pmos.audit;

import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/** Writes and reads the audit log; a failed write is logged loudly but never undoes the action it describes. */
@ApplicationScoped
public class AuditService {

    private static final Logger LOG = Logger.getLogger(AuditService.class);
    private static final int MAX_PAGE = 200;

    private final AuditRepository repository;

    public AuditService(AuditRepository repository) {
        this.repository = repository;
    }

    public Uni<Void> record(AuditEntry entry) {
        return repository.insert(entry)
                .onFailure().invoke(e -> LOG.errorf("Could not write audit event %s (%s): %s",
                        entry.action(), entry.outcome(), e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    /** A page of events the caller may see: all for super_admin, the own workspace for everybody else. */
    public Uni<AuditPage> page(Caller caller, Long before, Integer limit) {
        int size = limit == null ? 50 : Math.max(1, Math.min(limit, MAX_PAGE));
        return repository.page(caller.isSuperAdmin() ? null : caller.workspaceId(), before, size)
                .map(events -> new AuditPage(true, events,
                        events.size() == size ? events.get(events.size() - 1).id() : null));
    }

    /** One page of the log, and the id to pass as {@code before} for the next one. */
    public record AuditPage(boolean ok, List<AuditView> events, Long nextBefore) {
    }
}
