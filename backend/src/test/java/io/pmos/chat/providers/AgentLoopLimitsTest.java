package io.pmos.chat.providers;

import io.pmos.chat.providers.FakeModelProviders.Held;
import io.pmos.chat.providers.FakeModelProviders.Reply;
import io.pmos.chat.providers.FakeModelProviders.Usage;
import io.pmos.chat.providers.FakeModelProviders.Wire;
import io.pmos.chat.providers.FakeModelProvidersResource.Fake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.pmos.TestSupport.as;
import static io.pmos.chat.providers.FakeModelProviders.KEY;
import static io.pmos.chat.providers.FakeModelProviders.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent loop against a scripted model: the step limit, the token budget, and a cancel while the model answers. */
@QuarkusTest
@TestProfile(AgentLoopLimitsTest.SmallLimits.class)
@QuarkusTestResource(FakeModelProvidersResource.class)
class AgentLoopLimitsTest {

    /**
     * Three steps and 1000 tokens per run, so the limits are reached in a few scripted answers; a long model timeout,
     * so only a cancel can end the slow answer in time.
     */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pmos.chat.max-steps", "3", "pmos.chat.max-tokens", "1000", "pmos.chat.model-timeout", "PT60S");
        }
    }

    @Fake
    FakeModelProviders fake;

    @Test
    void aModelThatAlwaysCallsAnotherToolStopsAtTheStepLimit() {
        ChatSession chat = ChatSession.with(fake, Wire.OPENAI, KEY);
        fake.script();
        fake.thenAlways(new Reply(List.of(), List.of(call("flows_list", "{}")), new Usage(20, 5)));

        JsonPath trace = chat.awaitFinished(chat.send("Keep looking"));

        assertEquals("STEP_LIMIT", ChatSession.error(trace).get("code"), trace.prettify());
        assertTrue(((String) ChatSession.error(trace).get("message")).contains("step limit (3)"));
        assertEquals("stopped", ChatSession.finishedStatus(trace));
        assertEquals(3, fake.requests().size(), "exactly max-steps model calls");
        assertEquals(3, trace.getList("events.findAll { it.type == 'tool.finished' && it.data.status == 'ok' }").size());
        assertEquals(3, trace.getInt("events.find { it.type == 'run.finished' }.data.steps"));
    }

    @Test
    void theTokenBudgetStopsTheRunBeforeTheNextModelCall() {
        ChatSession chat = ChatSession.with(fake, Wire.ANTHROPIC, KEY);
        fake.script();
        fake.thenAlways(new Reply(List.of(), List.of(call("flows_list", "{}")), new Usage(400, 200)));

        JsonPath trace = chat.awaitFinished(chat.send("Spend tokens"));

        assertEquals("TOKEN_BUDGET", ChatSession.error(trace).get("code"), trace.prettify());
        assertEquals(2, fake.requests().size(), "600 tokens after one answer, 1200 after two: no third call");
        assertEquals(800, trace.getInt("events.find { it.type == 'run.finished' }.data.usage.inputTokens"));
        assertEquals(400, trace.getInt("events.find { it.type == 'run.finished' }.data.usage.outputTokens"));
    }

    @Test
    void aCancelDuringASlowAnswerEndsTheRunDropsTheCallAndNothingRunsAfter() throws Exception {
        ChatSession chat = ChatSession.with(fake, Wire.OPENAI, KEY);
        Held slow = new Held(List.of("Let me "), new Reply(List.of("create it."),
                List.of(call("flow_create", "{\"name\": \"Never\"}")), new Usage(100, 10)));
        fake.script(slow, FakeModelProviders.text("never asked"));
        String run = chat.send("Create a flow named Never");
        slow.sent().get(10, TimeUnit.SECONDS);

        as(chat.admin).post("/api/pmos/chat/runs/" + run + "/cancel").then().statusCode(200);

        JsonPath trace = chat.awaitFinished(run);
        assertEquals("cancelled", ChatSession.finishedStatus(trace), trace.prettify());
        fake.requests().get(0).clientGone().get(5, TimeUnit.SECONDS);
        // the provider would now finish its answer with a tool call: nobody is listening any more
        slow.gate().complete(null);
        assertFalse(slow.after().get(5, TimeUnit.SECONDS), "PMOS hung up on the cancelled call");

        JsonPath after = chat.trace(run);
        assertEquals(List.of("run.started", "run.finished"), ChatSession.normalized(after));
        assertEquals(1, fake.requests().size());
        assertFalse(chat.flowNames().contains("Never"));
        as(chat.admin).get("/api/pmos/chat/conversations/" + chat.conversation).then().statusCode(200);
        // the conversation is free again: a new message starts a new run
        fake.script(FakeModelProviders.text("Hello again."));
        JsonPath next = chat.awaitFinished(chat.send("Hi"));
        assertEquals("succeeded", ChatSession.finishedStatus(next), next.prettify());
    }
}
