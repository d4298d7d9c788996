package io.pmos.connectors;

import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.common.ApiException;
import io.pmos.connectors.ConnectorDtos.CheckError;
import io.pmos.connectors.ConnectorDtos.CheckResult;
import io.pmos.connectors.ConnectorDtos.OnboardingAnswer;
import io.pmos.connectors.ConnectorDtos.OnboardingStep;
import io.pmos.connectors.ConnectorDtos.TestAnswer;
import io.pmos.connectors.ConnectorDtos.TestRequest;
import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs connector tests (all, or one by name), remembers each result, and derives the onboarding wizard's state. */
@ApplicationScoped
public class ConnectorTestService {

    private final ConnectorRepository repository;
    private final ConnectorChecks checks;
    private final AuditService audit;

    public ConnectorTestService(ConnectorRepository repository, ConnectorChecks checks, AuditService audit) {
        this.repository = repository;
        this.checks = checks;
        this.audit = audit;
    }

    public Uni<TestAnswer> test(Caller caller, TestRequest body) {
        String which = body == null || body.connector() == null || body.connector().isBlank() ? "all" : body.connector();
        return repository.list(caller.workspaceId()).flatMap(rows -> {
            List<Uni<CheckResult>> runs = new ArrayList<>();
            List<ConnectorRecord> tested = new ArrayList<>();
            boolean all = which.equals("all");
            if (!all && !which.equals("flowPieces") && !which.equals("ai") && !which.equals("mcp") && !which.startsWith("mcp:")) {
                throw ApiException.badRequest("Field 'connector' must be flowPieces, ai, mcp or mcp:<name> (or absent for all).");
            }
            if (all || which.equals("flowPieces")) {
                add(rows, ConnectorRecord.FLOW_PIECES, null, runs, tested, "flowPieces", "FLOW_PIECES_NOT_CONFIGURED",
                        "Flow Pieces is not set up yet.");
            }
            if (all || which.equals("mcp")) {
                add(rows, ConnectorRecord.MCP, null, runs, tested, "mcp", "MCP_NOT_CONFIGURED",
                        "No MCP server (BCGPT) is set up yet.");
            } else if (which.startsWith("mcp:")) {
                String name = which.substring(4);
                if (rows.stream().noneMatch(r -> r.kind().equals(ConnectorRecord.MCP) && r.name().equals(name))) {
                    throw ApiException.notFound("No MCP connection named '" + name + "' in your workspace.");
                }
                add(rows, ConnectorRecord.MCP, name, runs, tested, which, null, null);
            }
            if (all || which.equals("ai")) {
                add(rows, ConnectorRecord.AI, null, runs, tested, "ai", "AI_NOT_CONFIGURED",
                        "No AI provider is set up yet.");
            }
            return Uni.join().all(runs).andCollectFailures().flatMap(results -> {
                Uni<Void> saved = Uni.createFrom().voidItem();
                for (int i = 0; i < results.size(); i++) {
                    ConnectorRecord r = tested.get(i);
                    if (r != null) {
                        CheckResult result = results.get(i);
                        saved = saved.call(() -> repository.saveTest(caller.workspaceId(), r.id(), JsonObject.mapFrom(result)));
                    }
                }
                Map<String, Object> summary = new LinkedHashMap<>();
                results.forEach(res -> summary.put(res.connector(), res.error() == null ? res.status() : res.error().code()));
                return saved.call(() -> audit.record(AuditEntry.by(caller, "connector.test", AuditEntry.SUCCESS)
                                .with("results", summary)))
                        .replaceWith(new TestAnswer(true, System.currentTimeMillis(), results));
            });
        });
    }

    private void add(List<ConnectorRecord> rows, String kind, String name, List<Uni<CheckResult>> runs,
                     List<ConnectorRecord> tested, String label, String missingCode, String missingMessage) {
        List<ConnectorRecord> matching = rows.stream()
                .filter(r -> r.kind().equals(kind) && (name == null || r.name().equals(name))).toList();
        if (matching.isEmpty()) {
            runs.add(Uni.createFrom().item(ConnectorChecks.missing(label, kind, missingCode, missingMessage)));
            tested.add(null);
            return;
        }
        for (ConnectorRecord r : matching) {
            runs.add(checks.check(r));
            tested.add(r);
        }
    }

    /** The wizard's steps from what is stored: Flow Pieces → BCGPT (MCP) → AI provider → Ready. */
    public Uni<OnboardingAnswer> onboarding(Caller caller) {
        return repository.list(caller.workspaceId()).map(rows -> {
            List<OnboardingStep> steps = new ArrayList<>();
            steps.add(step("flowPieces", "Connect Flow Pieces", first(rows, ConnectorRecord.FLOW_PIECES)));
            ConnectorRecord mcp = rows.stream().filter(r -> r.kind().equals(ConnectorRecord.MCP) && r.name().equals("bcgpt"))
                    .findFirst().orElse(first(rows, ConnectorRecord.MCP));
            steps.add(step("mcp", "Connect BCGPT (MCP)", mcp));
            steps.add(step("ai", "Choose the AI provider and model", first(rows, ConnectorRecord.AI)));
            // A connection whose key is not verified (amber) still lets the workspace go on; it is never "passed".
            boolean ready = steps.stream().allMatch(s -> done(s.status()));
            steps.add(new OnboardingStep("ready", "Ready to chat", ready ? "passed" : "pending", null, null, null));
            int completed = (int) steps.stream().filter(s -> done(s.status())).count();
            String current = steps.stream().filter(s -> !done(s.status())).map(OnboardingStep::id)
                    .findFirst().orElse("ready");
            return new OnboardingAnswer(true, steps, completed, steps.size(), current, ready);
        });
    }

    private static OnboardingStep step(String id, String title, ConnectorRecord r) {
        if (r == null) {
            return new OnboardingStep(id, title, "pending", null, null, null);
        }
        JsonObject t = r.lastTest();
        if (t == null) {
            return new OnboardingStep(id, title, "pending", ConnectorChecks.label(r), null, null);
        }
        JsonObject e = t.getJsonObject("error");
        return new OnboardingStep(id, title, ConnectorChecks.state(t), ConnectorChecks.label(r), t.getLong("checkedAtMs"),
                e == null ? null : new CheckError(e.getString("code"), e.getString("message"), e.getString("fix")));
    }

    private static boolean done(String status) {
        return status.equals(ConnectorChecks.PASSED) || status.equals(ConnectorChecks.UNVERIFIED);
    }

    private static ConnectorRecord first(List<ConnectorRecord> rows, String kind) {
        return rows.stream().filter(r -> r.kind().equals(kind)).findFirst().orElse(null);
    }
}
