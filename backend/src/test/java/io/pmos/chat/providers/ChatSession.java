package io.pmos.chat.providers;

import io.pmos.TestSupport;
import io.pmos.chat.providers.FakeModelProviders.Wire;
import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pmos.TestSupport.as;

/** A fresh workspace whose chat talks to one fake provider, driven through the REST API like the web UI does. */
final class ChatSession {

    final String admin;
    final String conversation;

    private ChatSession(String admin, String conversation) {
        this.admin = admin;
        this.conversation = conversation;
    }

    /** New database state, an admin, the local Flow Pieces, and the AI connector pointing at the fake. */
    static ChatSession with(FakeModelProviders fake, Wire wire, String secret) {
        TestSupport.resetDatabase();
        String admin = TestSupport.signupCookie("Ada Admin", "ada@example.com");
        as(admin).body(Map.of("flowPieces", Map.of("preset", "local"), "ai", Map.of("provider", wire.provider, "model", wire.model,
                "baseUrl", fake.baseUrl(wire), "secret", secret))).put("/api/pmos/connectors").then().statusCode(200);
        String conversation = as(admin).body(Map.of("title", "Providers")).post("/api/pmos/chat/conversations").then()
                .statusCode(201).extract().path("conversation.id");
        return new ChatSession(admin, conversation);
    }

    String send(String text) {
        return as(admin).body(Map.of("text", text)).post("/api/pmos/chat/conversations/" + conversation + "/messages")
                .then().statusCode(202).extract().path("runId");
    }

    JsonPath trace(String runId) {
        return as(admin).get("/api/pmos/chat/runs/" + runId + "/trace").then().statusCode(200).extract().jsonPath();
    }

    /** Polls the trace until the run finished; fails the test when it did not within the bound. */
    JsonPath awaitFinished(String runId, Duration bound) {
        long end = System.nanoTime() + bound.toNanos();
        JsonPath trace = null;
        while (System.nanoTime() < end) {
            trace = trace(runId);
            if (trace.getList("events.type").contains("run.finished")) {
                return trace;
            }
        }
        throw new AssertionError("the run did not finish within " + bound + ": " + (trace == null ? "" : trace.prettify()));
    }

    JsonPath awaitFinished(String runId) {
        return awaitFinished(runId, Duration.ofSeconds(30));
    }

    List<String> flowNames() {
        return as(admin).get("/api/pmos/flows").then().statusCode(200).extract().jsonPath().getList("flows.displayName");
    }

    /** The trace reduced to what must not depend on the provider: event types, and tool name and status. */
    static List<String> normalized(JsonPath trace) {
        List<String> out = new ArrayList<>();
        List<Map<String, Object>> events = trace.getList("events");
        for (Map<String, Object> e : events) {
            String type = (String) e.get("type");
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) e.get("data");
            StringBuilder line = new StringBuilder(type);
            if (type.startsWith("tool.")) {
                line.append(' ').append(data.get("tool"));
                if (data.get("status") != null) {
                    line.append(' ').append(data.get("status"));
                }
            }
            out.add(line.toString());
        }
        return out;
    }

    /** The run.error event's data (code, message), or null. */
    static Map<String, Object> error(JsonPath trace) {
        return trace.getMap("events.find { it.type == 'run.error' }.data");
    }

    static String finishedStatus(JsonPath trace) {
        return trace.getString("events.find { it.type == 'run.finished' }.data.status");
    }
}
