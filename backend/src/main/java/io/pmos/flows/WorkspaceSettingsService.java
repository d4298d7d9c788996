package io.pmos.flows;

import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.common.Fields;
import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** The workspace's flow policy: whether members may publish/enable and delete flows (admins always may). */
@ApplicationScoped
public class WorkspaceSettingsService {

    /** The policy as the API shows it. */
    public record FlowPolicy(boolean membersCanPublish, boolean membersCanDelete) {
    }

    /** PUT body: fields left out keep their value. */
    public record FlowPolicyUpdate(Boolean membersCanPublish, Boolean membersCanDelete) {
    }

    private final Pool pool;
    private final AuditService audit;

    public WorkspaceSettingsService(Pool pool, AuditService audit) {
        this.pool = pool;
        this.audit = audit;
    }

    public Uni<FlowPolicy> get(UUID workspaceId) {
        return pool.preparedQuery("SELECT members_can_publish, members_can_delete FROM workspace_settings WHERE workspace_id = $1")
                .execute(Tuple.of(workspaceId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new FlowPolicy(false, false);
                    }
                    Row r = rows.iterator().next();
                    return new FlowPolicy(r.getBoolean("members_can_publish"), r.getBoolean("members_can_delete"));
                });
    }

    public Uni<FlowPolicy> update(Caller caller, FlowPolicyUpdate body) {
        Fields.body(body);
        return get(caller.workspaceId()).flatMap(current -> {
            FlowPolicy next = new FlowPolicy(
                    body.membersCanPublish() == null ? current.membersCanPublish() : body.membersCanPublish(),
                    body.membersCanDelete() == null ? current.membersCanDelete() : body.membersCanDelete());
            return pool.preparedQuery("""
                            INSERT INTO workspace_settings (workspace_id, members_can_publish, members_can_delete) VALUES ($1, $2, $3)
                            ON CONFLICT (workspace_id) DO UPDATE SET members_can_publish = $2, members_can_delete = $3, updated_at = now()""")
                    .execute(Tuple.of(caller.workspaceId(), next.membersCanPublish(), next.membersCanDelete()))
                    .call(() -> audit.record(AuditEntry.by(caller, "workspace.settings.update", AuditEntry.SUCCESS)
                            .with("membersCanPublish", next.membersCanPublish())
                            .with("membersCanDelete", next.membersCanDelete())))
                    .replaceWith(next);
        });
    }
}
