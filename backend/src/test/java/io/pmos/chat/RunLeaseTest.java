package io.pmos.chat;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.pmos.TestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs owned by leases with several instances on one database: the other instances are simulated by rows written
 * through SQL (another owner id) and by messages on the event seam, as another instance would send them.
 */
@QuarkusTest
class RunLeaseTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ChatLifecycle lifecycle;
    @Inject
    ChatRepository runs;
    @Inject
    RunLeases leases;
    @Inject
    RunControl control;
    @Inject
    AgentLoop loop;
    @Inject
    TraceWriter trace;

    private String admin;
    private String workspace;
    private String user;

    @BeforeEach
    void setUp() {
        TestSupport.resetDatabase();
        admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        user = TestSupport.userId(admin);
        workspace = TestSupport.scalar("SELECT workspace_id FROM memberships WHERE user_id = '" + user + "'").toString();
    }

    /** A run row in its own conversation; {@code lease} is SQL for lease_expires_at (null: no lease). */
    private String run(String status, String owner, String lease) {
        String conversation = as(admin).body(java.util.Map.of("title", "c")).post("/api/pmos/chat/conversations")
                .then().statusCode(201).extract().path("conversation.id");
        String id = UUID.randomUUID().toString();
        TestSupport.exec("INSERT INTO chat_runs (id, workspace_id, conversation_id, user_id, status, provider, lease_owner, lease_expires_at) "
                + "VALUES ('" + id + "', '" + workspace + "', '" + conversation + "', '" + user + "', '" + status + "', 'builtin', "
                + (owner == null ? "NULL" : "'" + owner + "'") + ", " + (lease == null ? "NULL" : lease) + ")");
        return id;
    }

    private static String status(String run) {
        return (String) TestSupport.scalar("SELECT status FROM chat_runs WHERE id = '" + run + "'");
    }

    private static long events(String run, String type) {
        return TestSupport.count("SELECT count(*) FROM events WHERE topic = 'run:" + run + "' AND type = '" + type + "'");
    }

    @Test
    void startAndSweepLeaveRunsWithALiveLeaseAndWaitingRunsAlone() {
        String live = run("running", "pmos-other", "now() + interval '1 minute'");
        String waiting = run("waiting_approval", "pmos-other", "now() - interval '1 hour'");
        String fresh = run("running", null, null); // from a release before leases, started just now

        lifecycle.onStart(null);
        lifecycle.sweep().await().atMost(WAIT);

        assertEquals("running", status(live));
        assertEquals("pmos-other", TestSupport.scalar("SELECT lease_owner FROM chat_runs WHERE id = '" + live + "'"));
        assertEquals("waiting_approval", status(waiting));
        assertEquals("running", status(fresh));
        assertEquals(0, events(live, "run.finished"));
    }

    @Test
    void aRunWhoseLeaseExpiredIsEndedWithAPlainTraceError() {
        String dead = run("running", "pmos-dead", "now() + interval '1 minute'");
        String old = run("running", null, null);
        TestSupport.exec("UPDATE chat_runs SET started_at = now() - interval '1 day' WHERE id = '" + old + "'");
        // the dead instance was in the middle of a tool call
        trace.emit(UUID.fromString(workspace), UUID.fromString(dead), TraceWriter.TOOL_STARTED, new io.vertx.core.json.JsonObject()
                .put("toolCallId", "call_1").put("tool", "demo__echo").put("arguments", new io.vertx.core.json.JsonObject()))
                .await().atMost(WAIT);
        TestSupport.exec("UPDATE chat_runs SET lease_expires_at = now() - interval '1 second' WHERE id = '" + dead + "'");

        lifecycle.sweep().await().atMost(WAIT);

        for (String run : List.of(dead, old)) {
            assertEquals("failed", status(run));
            var trace = as(admin).get("/api/pmos/chat/runs/" + run + "/trace").then().statusCode(200).extract().jsonPath();
            assertEquals("RESTARTED", trace.getString("events.find { it.type == 'run.error' }.data.code"));
            assertTrue(trace.getString("events.find { it.type == 'run.error' }.data.message").contains("send the message again"));
            assertEquals("failed", trace.getString("events.find { it.type == 'run.finished' }.data.status"));
            assertEquals(leases.instanceId(), trace.getString("events.find { it.type == 'run.finished' }.data.instance"));
        }
        var deadTrace = as(admin).get("/api/pmos/chat/runs/" + dead + "/trace").then().extract().jsonPath();
        assertEquals("pmos-dead", deadTrace.getString("events.find { it.type == 'run.error' }.data.previousInstance"));
        assertEquals(List.of("tool.started", "tool.finished", "run.error", "run.finished"), deadTrace.getList("events.type"));
        assertEquals("call_1", deadTrace.getString("events.find { it.type == 'tool.finished' }.data.toolCallId"));
        assertEquals("demo__echo", deadTrace.getString("events.find { it.type == 'tool.finished' }.data.tool"));
        assertEquals("INTERRUPTED", deadTrace.getString("events.find { it.type == 'tool.finished' }.data.code"));
    }

    @Test
    void anExpiredLeaseIsTakenOverExactlyOnceWhenClaimersRace() {
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expired.add(run("running", "pmos-dead", "now() + interval '1 minute'"));
        }
        String live = run("running", "pmos-other", "now() + interval '1 minute'");
        TestSupport.exec("UPDATE chat_runs SET lease_expires_at = now() - interval '1 second' WHERE lease_owner = 'pmos-dead'");

        // two instances claiming at the same moment, each on its own connection
        var a = runs.endAbandoned("pmos-a", Duration.ofMinutes(10), "gone").subscribeAsCompletionStage();
        var b = runs.endAbandoned("pmos-b", Duration.ofMinutes(10), "gone").subscribeAsCompletionStage();
        CompletableFuture.allOf(a, b).orTimeout(10, TimeUnit.SECONDS).join();
        Set<String> byA = new HashSet<>(a.join().stream().map(x -> x.run().id().toString()).toList());
        Set<String> byB = new HashSet<>(b.join().stream().map(x -> x.run().id().toString()).toList());
        // this instance's own scheduled sweep may be a third claimer: every run has exactly one, and says which
        Set<String> both = new HashSet<>(byA);
        both.retainAll(byB);
        assertTrue(both.isEmpty(), "claimed twice: " + both);
        for (String run : expired) {
            String owner = (String) TestSupport.scalar("SELECT lease_owner FROM chat_runs WHERE id = '" + run + "'");
            assertEquals(byA.contains(run) ? "pmos-a" : byB.contains(run) ? "pmos-b" : leases.instanceId(), owner, run);
        }
        assertFalse(byA.isEmpty() && byB.isEmpty(), "the racing claimers took the runs");
        assertEquals("running", status(live));
        for (String run : expired) {
            assertEquals("failed", status(run));
        }

        // whole sweeps racing: each run gets exactly one run.finished
        List<String> more = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            more.add(run("running", "pmos-dead", "now() - interval '1 second'"));
        }
        Uni.join().all(lifecycle.sweep(), lifecycle.sweep(), lifecycle.sweep()).andFailFast().await().atMost(WAIT);
        for (String run : more) {
            assertEquals(1, events(run, "run.finished"), run);
            assertEquals(1, events(run, "run.error"), run);
        }
    }

    @Test
    void leasesOfRunsThisInstanceWorksOnAreRenewedAndLostOnesStopTheirCall() {
        String mine = run("running", leases.instanceId(), "now() + interval '2 seconds'");
        String taken = run("running", "pmos-other", "now() + interval '1 minute'");
        leases.hold(UUID.fromString(mine));
        leases.hold(UUID.fromString(taken));
        var call = loop.stoppable(UUID.fromString(taken), Uni.createFrom().nothing(), null).subscribeAsCompletionStage();
        try {
            lifecycle.renew().await().atMost(WAIT);
            assertTrue((Boolean) TestSupport.scalar("SELECT lease_expires_at > now() + interval '10 seconds' FROM chat_runs WHERE id = '" + mine + "'"));
            // the run it worked on belongs to another instance now: its call is dropped here
            assertTrue(call.isCompletedExceptionally());
        } finally {
            leases.release(UUID.fromString(mine));
            leases.release(UUID.fromString(taken));
        }
    }

    @Test
    void aCancelPublishedOnTheSeamReachesTheOwnerWithinASecond() {
        String run = run("running", leases.instanceId(), "now() + interval '1 minute'");
        String other = run("running", leases.instanceId(), "now() + interval '1 minute'");
        var call = loop.stoppable(UUID.fromString(run), Uni.createFrom().nothing(), null).subscribeAsCompletionStage();
        var untouched = loop.stoppable(UUID.fromString(other), Uni.createFrom().nothing(), null).subscribeAsCompletionStage();
        try {
            // what ChatService.cancel on another instance sends, after it marked the run cancelled
            long sent = System.nanoTime();
            control.cancel(UUID.fromString(workspace), UUID.fromString(run)).await().atMost(WAIT);
            Throwable failure = null;
            try {
                call.toCompletableFuture().get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failure = e.getCause();
            } catch (Exception e) {
                throw new AssertionError("the owner did not stop the call within a second", e);
            }
            assertNotNull(failure);
            assertTrue(System.nanoTime() - sent < Duration.ofSeconds(1).toNanos());
            assertEquals("CANCELLED", ((ModelFailure) failure).code());
            assertFalse(untouched.isDone(), "a cancel of one run stops only that run");
        } finally {
            untouched.toCompletableFuture().cancel(true);
            loop.stopLocal(UUID.fromString(other));
        }
    }

    @Test
    void aDecidedRunIsResumedByItsOwnerOrOnceByAnotherWhenTheOwnerIsGone() {
        String run = run("waiting_approval", "pmos-dead", "now() - interval '1 hour'");
        String pending = run("waiting_approval", "pmos-dead", "now() - interval '1 hour'");
        TestSupport.exec("INSERT INTO approvals (id, workspace_id, run_id, tool, arguments, arguments_hash, risk_reason, status, expires_at) "
                + "VALUES (gen_random_uuid(), '" + workspace + "', '" + pending + "', 'flow_delete', '{}', 'h', 'r', 'pending', now() + interval '1 hour')");
        UUID id = UUID.fromString(run);

        // not its owner: no claim at once
        assertNull(runs.claimResume(id, "pmos-a", false, Duration.ofSeconds(15)).await().atMost(WAIT));
        assertNull(runs.claimResume(UUID.fromString(pending), "pmos-a", true, Duration.ofSeconds(15)).await().atMost(WAIT));
        // after the grace period any instance may, but only one does
        var a = runs.claimResume(id, "pmos-a", true, Duration.ofSeconds(15)).subscribeAsCompletionStage();
        var b = runs.claimResume(id, "pmos-b", true, Duration.ofSeconds(15)).subscribeAsCompletionStage();
        CompletableFuture.allOf(a, b).orTimeout(10, TimeUnit.SECONDS).join();
        assertEquals(1, (a.join() == null ? 0 : 1) + (b.join() == null ? 0 : 1));
        assertEquals("running", status(run));
        assertEquals("waiting_approval", status(pending));
    }
    @Test
    void theSweepResumesADecidedRunNobodyResumedButNotOneJustDecided() {
        String lost = run("waiting_approval", "pmos-dead", "now() - interval '1 hour'");
        String recent = run("waiting_approval", "pmos-other", "now() - interval '1 hour'");
        for (String[] r : new String[][]{{lost, "now() - interval '1 hour'"}, {recent, "now()"}}) {
            TestSupport.exec("INSERT INTO approvals (id, workspace_id, run_id, tool, arguments, arguments_hash, risk_reason, status, "
                    + "expires_at, decided_at) VALUES (gen_random_uuid(), '" + workspace + "', '" + r[0] + "', 'flow_delete', '{}', 'h', "
                    + "'r', 'denied', now() + interval '1 hour', " + r[1] + ")");
        }

        lifecycle.sweep().await().atMost(WAIT);

        // taken out of its wait by this instance (the loop then goes on from its transcript)
        assertEquals(leases.instanceId(), TestSupport.scalar("SELECT lease_owner FROM chat_runs WHERE id = '" + lost + "'"));
        assertFalse("waiting_approval".equals(status(lost)));
        // its owner may still be about to resume it
        assertEquals("waiting_approval", status(recent));
    }
}
