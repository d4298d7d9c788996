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

import java.util.Map;
import java.util.UUID;

/** The workspace's policies: who may publish and delete flows, four-eyes approvals, and risk overrides for tools. */
@ApplicationScoped
public class WorkspaceSettingsService {

    /** The policy as the API shows it; riskOverrides maps a tool name to read, change or high (docs/approvals.md). */
    public record FlowPolicy(boolean membersCanPublish, boolean membersCanDelete, boolean fourEyes,
                             Map<String, String> riskOverrides) {
    }

    /** PUT body: fields left out keep their value; riskOverrides replaces the whole map when present. */
    public record FlowPolicyUpdate(Boolean membersCanPublish, Boolean membersCanDelete, Boolean fourEyes,
                                   Map<String, String> riskOverrides) {
    }

    private static final java.util.Set<String> LEVELS = java.util.Set.of("read", "change", "high");
    private static final java.util.regex.Pattern TOOL = java.util.regex.Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");

    private final Pool pool;
    private final AuditService audit;

    public WorkspaceSettingsService(Pool pool, AuditService audit) {
        this.pool = pool;
        this.audit = audit;
    }

    public Uni<FlowPolicy> get(UUID workspaceId) {
        return pool.preparedQuery("SELECT members_can_publish, members_can_delete, four_eyes, risk_overrides "
                        + "FROM workspace_settings WHERE workspace_id = $1")
                .execute(Tuple.of(workspaceId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new FlowPolicy(false, false, false, Map.of());
                    }
                    Row r = rows.iterator().next();
                    Map<String, String> overrides = new java.util.TreeMap<>();
                    Object stored = r.getValue("risk_overrides");
                    if (stored instanceof io.vertx.core.json.JsonObject o) {
                        o.forEach(e -> overrides.put(e.getKey(), String.valueOf(e.getValue())));
                    }
                    return new FlowPolicy(r.getBoolean("members_can_publish"), r.getBoolean("members_can_delete"),
                            r.getBoolean("four_eyes"), overrides);
                });
    }

    public Uni<FlowPolicy> update(Caller caller, FlowPolicyUpdate body) {
        Fields.body(body);
        return get(caller.workspaceId()).flatMap(current -> {
            if (body.riskOverrides() != null) {
                if (body.riskOverrides().size() > 200) {
                    throw io.pmos.common.ApiException.badRequest("At most 200 risk overrides.");
                }
                body.riskOverrides().forEach((tool, level) -> {
                    if (tool == null || !TOOL.matcher(tool).matches() || level == null || !LEVELS.contains(level)) {
                        throw io.pmos.common.ApiException.badRequest("Each risk override maps a tool name (e.g. bcgpt__create_todo) "
                                + "to read, change or high.");
                    }
                });
            }
            FlowPolicy next = new FlowPolicy(
                    body.membersCanPublish() == null ? current.membersCanPublish() : body.membersCanPublish(),
                    body.membersCanDelete() == null ? current.membersCanDelete() : body.membersCanDelete(),
                    body.fourEyes() == null ? current.fourEyes() : body.fourEyes(),
                    body.riskOverrides() == null ? current.riskOverrides() : new java.util.TreeMap<>(body.riskOverrides()));
            return pool.preparedQuery("""
                            INSERT INTO workspace_settings (workspace_id, members_can_publish, members_can_delete, four_eyes, risk_overrides)
                            VALUES ($1, $2, $3, $4, $5)
                            ON CONFLICT (workspace_id) DO UPDATE SET members_can_publish = $2, members_can_delete = $3,
                              four_eyes = $4, risk_overrides = $5, updated_at = now()""")
                    .execute(Tuple.from(new Object[]{caller.workspaceId(), next.membersCanPublish(), next.membersCanDelete(),
                            next.fourEyes(), new io.vertx.core.json.JsonObject(new java.util.HashMap<>(next.riskOverrides()))}))
                    .call(() -> audit.record(AuditEntry.by(caller, "workspace.settings.update", AuditEntry.SUCCESS)
                            .with("membersCanPublish", next.membersCanPublish())
                            .with("membersCanDelete", next.membersCanDelete())
                            .with("fourEyes", next.fourEyes()).with("riskOverrides", next.riskOverrides())))
                    .replaceWith(next);
        });
    }
}
