package io.pmos.chat.providers;

import io.pmos.chat.providers.FakeModelProviders.CutOff;
import io.pmos.chat.providers.FakeModelProviders.Failure;
import io.pmos.chat.providers.FakeModelProviders.Malformed;
import io.pmos.chat.providers.FakeModelProviders.Received;
import io.pmos.chat.providers.FakeModelProviders.Refusal;
import io.pmos.chat.providers.FakeModelProviders.Silence;
import io.pmos.chat.providers.FakeModelProviders.Stall;
import io.pmos.chat.providers.FakeModelProviders.StreamError;
import io.pmos.chat.providers.FakeModelProviders.Wire;
import io.pmos.chat.providers.FakeModelProvidersResource.Fake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.pmos.chat.providers.FakeModelProviders.KEY;
import static io.pmos.chat.providers.FakeModelProviders.call;
import static io.pmos.chat.providers.FakeModelProviders.calls;
import static io.pmos.chat.providers.FakeModelProviders.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provider failures, each in the provider's own error shape, become one run.error in plain words: retried with
 * back-off where another try can help (rate limit, server error, overload), never retried where it cannot (bad key,
 * context too long, timeout), and no run waits forever (test profile: model timeout 3 s, back-off 0.1 s).
 */
@QuarkusTest
@QuarkusTestResource(FakeModelProvidersResource.class)
class ProviderFailureTest {

    /** Retries after the first attempt (pmos.chat.model-retries default). */
    static final int RETRIES = 2;

    @Fake
    FakeModelProviders fake;

    private JsonPath run(Wire wire, String secret) {
        ChatSession chat = ChatSession.with(fake, wire, secret);
        return chat.awaitFinished(chat.send("Hello"));
    }

    private static void assertError(JsonPath trace, String code, String wording) {
        Map<String, Object> error = ChatSession.error(trace);
        assertTrue(error != null, "a run.error: " + trace.prettify());
        assertEquals(code, error.get("code"), trace.prettify());
        String message = (String) error.get("message");
        assertTrue(message.contains(wording), message);
        assertFalse(message.contains("{") || message.contains("Exception") || message.contains(KEY), "plain words: " + message);
        assertEquals("failed", ChatSession.finishedStatus(trace));
        List<String> types = trace.getList("events.type");
        assertEquals("run.finished", types.get(types.size() - 1));
    }

    @ParameterizedTest
    @EnumSource(value = Wire.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
    void aWrongKeyIsToldPlainlyAndNotRetried(Wire wire) {
        fake.script(text("never sent"));
        JsonPath trace = run(wire, "sk-wrong-key-000000000000");
        assertError(trace, "AI_KEY_INVALID", "refused the API key");
        assertEquals(1, fake.requests().size());
    }

    @ParameterizedTest
    @EnumSource(value = Wire.class, names = {"OPENAI", "ANTHROPIC"})
    void aRateLimitIsRetriedAfterTheRetryAfterThenReported(Wire wire) {
        fake.script(new Refusal(Failure.RATE_LIMITED, 1), new Refusal(Failure.RATE_LIMITED, 1), new Refusal(Failure.RATE_LIMITED, 1),
                text("too late"));
        JsonPath trace = run(wire, KEY);
        assertError(trace, "AI_RATE_LIMITED", "rate-limiting");
        List<Received> requests = fake.requests();
        assertEquals(1 + RETRIES, requests.size(), "tried again, and a bounded number of times");
        for (int i = 1; i < requests.size(); i++) {
            long gap = TimeUnit.NANOSECONDS.toMillis(requests.get(i).atNanos() - requests.get(i - 1).atNanos());
            assertTrue(gap >= 950, "waited the Retry-After of 1 s, not the 0.1 s back-off: " + gap + " ms");
        }
    }

    @Test
    void geminiSaysItsRetryDelayInTheBodyAndASecondTryHelps() {
        fake.script(new Refusal(Failure.RATE_LIMITED, 1), text("Fine", " now."));
        JsonPath trace = run(Wire.GEMINI, KEY);
        assertEquals("succeeded", ChatSession.finishedStatus(trace), trace.prettify());
        assertEquals("Fine now.", trace.getString("events.find { it.type == 'assistant.message' }.data.text"));
        List<Received> requests = fake.requests();
        assertEquals(2, requests.size());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(requests.get(1).atNanos() - requests.get(0).atNanos()) >= 950,
                "waited the RetryInfo retryDelay of 1 s");
    }

    @Test
    void aRetryAfterLongerThanPmosWaitsEndsTheRunAtOnce() {
        fake.script(new Refusal(Failure.RATE_LIMITED, 3600), text("never"));
        long start = System.nanoTime();
        JsonPath trace = run(Wire.OPENAI, KEY);
        assertError(trace, "AI_RATE_LIMITED", "asks to wait about 60 minutes");
        assertEquals(1, fake.requests().size());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aServerErrorIsRetriedWithBackOffThenReported(Wire wire) {
        fake.script();
        fake.thenAlways(new Refusal(Failure.SERVER_ERROR, null));
        JsonPath trace = run(wire, KEY);
        assertError(trace, "AI_SERVER_ERROR", "internal error");
        assertEquals(1 + RETRIES, fake.requests().size());
    }

    @Test
    void anOverloadEventInsideTheStreamIsRetriedAndTheRunGoesOn() {
        fake.script(new StreamError(Failure.OVERLOADED), text("Here", " I am."));
        JsonPath trace = run(Wire.ANTHROPIC, KEY);
        assertEquals("succeeded", ChatSession.finishedStatus(trace), trace.prettify());
        assertEquals("Here I am.", trace.getString("events.find { it.type == 'assistant.message' }.data.text"));
        assertEquals(2, fake.requests().size());
    }

    @ParameterizedTest
    @EnumSource(value = Wire.class, names = {"OPENAI", "OLLAMA"})
    void aProviderThatNeverAnswersEndsTheRunInBoundedTimeAndIsHungUpOn(Wire wire) throws Exception {
        fake.script(new Silence(), text("never"));
        long start = System.nanoTime();
        JsonPath trace = run(wire, KEY);
        assertError(trace, "AI_TIMEOUT", "did not");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15, "bounded by pmos.chat.model-timeout");
        assertEquals(1, fake.requests().size(), "a timeout is not retried: the person is waiting");
        fake.requests().get(0).clientGone().get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(value = Wire.class, names = {"ANTHROPIC", "GEMINI"})
    void aStreamThatStallsHalfwayEndsTheRun(Wire wire) throws Exception {
        // the JDK client's timeout only covers the wait for the headers; PMOS's own covers the whole answer
        fake.script(new Stall(List.of("Let me th")), text("never"));
        JsonPath trace = run(wire, KEY);
        assertError(trace, "AI_TIMEOUT", "did not");
        assertEquals(1, fake.requests().size());
        fake.requests().get(0).clientGone().get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aStreamCutBeforeItsEndIsAnErrorNotAHalfAnswer(Wire wire) {
        fake.script(new CutOff(List.of("The flows ", "are")), text("never"));
        JsonPath trace = run(wire, KEY);
        assertError(trace, "AI_INCOMPLETE", "broke off");
        assertEquals(1, fake.requests().size(), "text was already streamed, so it is not tried again");
        assertFalse(trace.getList("events.type").contains("assistant.message"));
    }

    @ParameterizedTest
    @EnumSource(value = Wire.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
    void aContextThatIsTooLongIsToldPlainly(Wire wire) {
        fake.script(new Refusal(Failure.CONTEXT_TOO_LONG, null), text("never"));
        JsonPath trace = run(wire, KEY);
        assertError(trace, "AI_CONTEXT_TOO_LONG", "too long");
        assertEquals(1, fake.requests().size());
    }

    @ParameterizedTest
    @EnumSource(value = Wire.class, names = {"OPENAI", "ANTHROPIC"})
    void malformedToolArgumentsAreToldToTheModelAndTheRunGoesOn(Wire wire) {
        fake.script(calls(call("flow_create", "{\"name\": \"Bro", "ken")), text("Sorry, ", "that went wrong."));
        ChatSession chat = ChatSession.with(fake, wire, KEY);
        JsonPath trace = chat.awaitFinished(chat.send("Make a flow"));

        assertEquals("succeeded", ChatSession.finishedStatus(trace), trace.prettify());
        assertEquals(List.of("run.started", "tool.finished flow_create error", "assistant.delta", "assistant.message", "run.finished"),
                ChatSession.normalized(trace));
        String told = trace.getString("events.find { it.type == 'tool.finished' }.data.error");
        assertTrue(told.contains("not valid JSON"), told);
        assertTrue(chat.flowNames().isEmpty(), "nothing was created: " + chat.flowNames());

        JsonObject second = fake.requests().get(1).body();
        JsonArray messages = second.getJsonArray("messages");
        if (wire == Wire.OPENAI) {
            JsonObject result = messages.getJsonObject(messages.size() - 1);
            assertEquals("tool", result.getString("role"));
            assertTrue(result.getString("content").contains("not valid JSON"), result.encode());
        } else {
            JsonObject result = messages.getJsonObject(messages.size() - 1).getJsonArray("content").getJsonObject(0);
            assertEquals("tool_result", result.getString("type"));
            assertTrue(result.getString("content").contains("not valid JSON"), result.encode());
            // Anthropic wants the call's input as an object: the broken text is not sent back as if it were one
            JsonObject use = messages.getJsonObject(messages.size() - 2).getJsonArray("content").getJsonObject(0);
            assertEquals(new JsonObject(), use.getJsonObject("input"));
        }
    }

    @Test
    void geminisMalformedFunctionCallIsAnErrorNotAnEmptyAnswer() {
        fake.script(new Malformed(), text("never"));
        JsonPath trace = run(Wire.GEMINI, KEY);
        assertError(trace, "AI_BAD_RESPONSE", "without text or a valid tool call");
        assertEquals(1, fake.requests().size());
    }
}
