package io.pmos.chat;

import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static io.pmos.TestSupport.as;

/** Chat API steps shared by the chat tests: open a conversation, send a message, await a trace event. */
public final class ChatApi {

    private ChatApi() {
    }

    public static String conversation(String who, String title) {
        return as(who).body(Map.of("title", title)).post("/api/pmos/chat/conversations").then().statusCode(201)
                .extract().path("conversation.id");
    }

    /** Sends a message and answers the id of the run it started. */
    public static String send(String who, String conversation, String text) {
        return as(who).body(Map.of("text", text)).post("/api/pmos/chat/conversations/" + conversation + "/messages")
                .then().statusCode(202).extract().path("runId");
    }

    /** Polls the run's trace until it holds an event of this type (bounded to 20 s). */
    public static JsonPath awaitEvent(String who, String runId, String type) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonPath trace = null;
        while (System.nanoTime() < end) {
            trace = as(who).get("/api/pmos/chat/runs/" + runId + "/trace").then().statusCode(200).extract().jsonPath();
            if (trace.getList("events.type").contains(type)) {
                return trace;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("no " + type + " in " + (trace == null ? "" : trace.prettify()));
    }

    /** Polls the run's stored status until it is the expected one (bounded); answers the last status seen. */
    public static String awaitStatus(String runId, String expected) {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        String status = null;
        while (System.nanoTime() < end) {
            Object value = io.pmos.TestSupport.scalar("SELECT status FROM chat_runs WHERE id = '" + runId + "'");
            status = value == null ? null : value.toString();
            if (expected.equals(status)) {
                return status;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(20).toNanos());
        }
        return status;
    }
}
