package io.pmos.chat;

import io.pmos.TestSupport;
import io.pmos.approvals.ApprovalRepository;
import io.pmos.flows.FlowService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduled work done by every instance at once has no double effects (docs/operations.md): approval expiry and the
 * Flow Pieces change pick-up, each run by two "instances" racing on their own connections.
 */
@QuarkusTest
class ScheduledWorkRaceTest {

    @Inject
    ApprovalRepository approvals;
    @Inject
    FlowService flows;

    private String workspace;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        workspace = TestSupport.scalar("SELECT workspace_id FROM memberships WHERE user_id = '" + TestSupport.userId(admin) + "'")
                .toString();
    }

    @Test
    void eachExpiredApprovalIsExpiredByExactlyOneInstance() {
        for (int i = 0; i < 20; i++) {
            TestSupport.exec("INSERT INTO approvals (id, workspace_id, tool, arguments, arguments_hash, risk_reason, status, expires_at) "
                    + "VALUES (gen_random_uuid(), '" + workspace + "', 'flow_delete', '{}', 'h', 'r', 'pending', now() - interval '1 second')");
        }
        var a = approvals.expireDue().subscribeAsCompletionStage();
        var b = approvals.expireDue().subscribeAsCompletionStage();
        CompletableFuture.allOf(a, b).orTimeout(10, TimeUnit.SECONDS).join();
        Set<UUID> byA = new HashSet<>(a.join().stream().map(ApprovalRepository.Approval::id).toList());
        Set<UUID> byB = new HashSet<>(b.join().stream().map(ApprovalRepository.Approval::id).toList());
        Set<UUID> both = new HashSet<>(byA);
        both.retainAll(byB);
        assertTrue(both.isEmpty(), "expired twice: " + both);
        // this instance's own scheduled expiry may have taken some; none is left pending either way
        assertEquals(0, TestSupport.count("SELECT count(*) FROM approvals WHERE status = 'pending'"));
    }

    @Test
    void aChangeInFlowPiecesIsAnnouncedOnceHoweverManyInstancesNoticeIt() {
        UUID ws = UUID.fromString(workspace);
        JsonObject flow = new JsonObject().put("id", "flowRace0000000000001").put("updated", "t1").put("status", "DISABLED")
                .put("version", new JsonObject().put("id", "v1").put("updated", "t1"));
        flows.detectChange(ws, flow).await().indefinitely(); // first sight: remembered, nothing announced
        JsonObject changed = flow.copy().put("updated", "t2").put("version", new JsonObject().put("id", "v1").put("updated", "t2"));
        List<CompletableFuture<Void>> racing = List.of(
                flows.detectChange(ws, changed).subscribeAsCompletionStage(),
                flows.detectChange(ws, changed).subscribeAsCompletionStage(),
                flows.detectChange(ws, changed).subscribeAsCompletionStage());
        CompletableFuture.allOf(racing.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
        assertEquals(1, TestSupport.count("SELECT count(*) FROM events WHERE topic = 'flow:flowRace0000000000001' AND type = 'flow.updated'"));
    }
}
