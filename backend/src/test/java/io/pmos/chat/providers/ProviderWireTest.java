package io.pmos.chat.providers;

import io.pmos.chat.providers.FakeModelProviders.Received;
import io.pmos.chat.providers.FakeModelProviders.Reply;
import io.pmos.chat.providers.FakeModelProviders.Usage;
import io.pmos.chat.providers.FakeModelProviders.Wire;
import io.pmos.chat.providers.FakeModelProvidersResource.Fake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static io.pmos.chat.providers.FakeModelProviders.KEY;
import static io.pmos.chat.providers.FakeModelProviders.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each provider adapter against a local server speaking that provider's streaming wire format, tool-call deltas
 * included: the same scripted conversation must give the same normalized trace, and each request must carry the
 * earlier tool results the way that provider expects them.
 */
@QuarkusTest
@QuarkusTestResource(FakeModelProvidersResource.class)
class ProviderWireTest {

    static final List<String> EXPECTED = List.of(
            "run.started",
            "tool.started flows_list", "tool.finished flows_list ok",
            "tool.started flow_create", "flow.updated", "tool.finished flow_create ok",
            "assistant.delta", "assistant.message",
            "run.finished");

    @Fake
    FakeModelProviders fake;

    @ParameterizedTest
    @EnumSource(Wire.class)
    void theSameConversationGivesTheSameTraceOnEveryProvider(Wire wire) {
        ChatSession chat = ChatSession.with(fake, wire, KEY);
        String name = "From " + wire.provider;
        fake.script(
                new Reply(List.of(), List.of(call("flows_list", "{", "}")), new Usage(120, 7)),
                new Reply(List.of(), List.of(call("flow_create", "{\"na", "me\": \"From ", wire.provider, "\"}")), new Usage(150, 12)),
                new Reply(List.of("Do", "ne", "."), List.of(), new Usage(200, 3)));

        JsonPath trace = chat.awaitFinished(chat.send("Make me a flow"));

        assertEquals(EXPECTED, ChatSession.normalized(trace), trace.prettify());
        assertEquals("succeeded", ChatSession.finishedStatus(trace));
        assertEquals("Done.", trace.getString("events.find { it.type == 'assistant.message' }.data.text"));
        assertEquals(name, trace.getString("events.find { it.type == 'tool.started' && it.data.tool == 'flow_create' }.data.arguments.name"));
        assertTrue(chat.flowNames().contains(name), "the flow exists: " + chat.flowNames());
        // approvals are keyed by run and call id: ids stay unique in a run even where the format sends none (Gemini, Ollama)
        List<String> ids = trace.getList("events.findAll { it.type == 'tool.started' }.data.toolCallId");
        assertEquals(2, ids.stream().distinct().count(), ids.toString());
        // every format reports usage; run.finished adds up the three answers
        assertEquals(470, trace.getInt("events.find { it.type == 'run.finished' }.data.usage.inputTokens"));
        assertEquals(22, trace.getInt("events.find { it.type == 'run.finished' }.data.usage.outputTokens"));

        List<Received> requests = fake.requests();
        assertEquals(3, requests.size());
        requests.forEach(r -> assertWellFormed(wire, r));
        assertOffersTools(wire, requests.get(0).body());
        JsonObject firstResult = toolResult(wire, requests.get(1).body(), "flows_list");
        assertTrue(firstResult.getJsonArray("flows").isEmpty(), "the flows_list result went back: " + firstResult);
        JsonObject secondResult = toolResult(wire, requests.get(2).body(), "flow_create");
        assertEquals(name, secondResult.getString("name"), "the flow_create result went back: " + secondResult);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void twoCallsInOneAnswerRunInOrderAndBothResultsGoBack(Wire wire) {
        ChatSession chat = ChatSession.with(fake, wire, KEY);
        fake.script(
                new Reply(List.of(), List.of(call("flow_create", "{\"name\": ", "\"Pair A\"}"),
                        call("flow_create", "{\"name\": \"Pair B\"", "}")), new Usage(100, 20)),
                new Reply(List.of("Both made."), List.of(), new Usage(150, 4)));

        JsonPath trace = chat.awaitFinished(chat.send("Make two flows"));

        assertEquals("succeeded", ChatSession.finishedStatus(trace), trace.prettify());
        assertEquals(List.of("Pair A", "Pair B"), trace.getList("events.findAll { it.type == 'tool.started' }.data.arguments.name"));
        assertTrue(chat.flowNames().containsAll(List.of("Pair A", "Pair B")), chat.flowNames().toString());
        List<JsonObject> results = toolResults(wire, fake.requests().get(1).body());
        assertEquals(List.of("Pair A", "Pair B"), results.stream().map(r -> r.getString("name")).toList());
    }

    // ---- what each provider must receive ------------------------------------------------------------------------

    private static void assertWellFormed(Wire wire, Received r) {
        JsonObject b = r.body();
        switch (wire) {
            case OPENAI -> {
                assertEquals("Bearer " + KEY, r.headers().get("authorization"));
                assertEquals(true, b.getBoolean("stream"));
                assertEquals(true, b.getJsonObject("stream_options").getBoolean("include_usage"));
                assertEquals("system", b.getJsonArray("messages").getJsonObject(0).getString("role"));
            }
            case ANTHROPIC -> {
                assertEquals(KEY, r.headers().get("x-api-key"));
                assertNotNull(r.headers().get("anthropic-version"));
                assertEquals(true, b.getBoolean("stream"));
                assertTrue(b.getInteger("max_tokens") > 0);
                assertTrue(String.valueOf(b.getValue("system")).contains("PMOS"), "the system prompt goes in 'system'");
            }
            case GEMINI -> {
                assertEquals(KEY, r.headers().get("x-goog-api-key"));
                assertEquals("alt=sse", r.query(), "the key travels in a header, not in the URL");
                assertEquals("/gemini/v1beta/models/" + wire.model + ":streamGenerateContent", r.path());
                assertTrue(b.getJsonObject("systemInstruction").encode().contains("PMOS"));
            }
            case OLLAMA -> {
                assertNull(r.headers().get("authorization"));
                assertEquals(wire.model, b.getString("model"));
                assertEquals("system", b.getJsonArray("messages").getJsonObject(0).getString("role"));
            }
        }
    }

    private static void assertOffersTools(Wire wire, JsonObject b) {
        JsonObject create = switch (wire) {
            case OPENAI, OLLAMA -> find(b.getJsonArray("tools"), t -> "flow_create".equals(t.getJsonObject("function").getString("name")))
                    .getJsonObject("function").getJsonObject("parameters");
            case ANTHROPIC -> find(b.getJsonArray("tools"), t -> "flow_create".equals(t.getString("name"))).getJsonObject("input_schema");
            // langchain4j 1.11 sends "tools" as one object, not the documented array; Google's JSON parser takes either
            case GEMINI -> find((b.getValue("tools") instanceof JsonArray a ? a.getJsonObject(0) : b.getJsonObject("tools"))
                            .getJsonArray("functionDeclarations"),
                    t -> "flow_create".equals(t.getString("name"))).getJsonObject("parameters");
        };
        assertTrue(create.getJsonArray("required").contains("name"), create.encode());
        assertTrue(create.getJsonObject("properties").containsKey("name"), create.encode());
    }

    /** The (only) result of this tool in the request, found and checked the way the provider pairs call and result. */
    private static JsonObject toolResult(Wire wire, JsonObject body, String tool) {
        List<JsonObject> results = toolResults(wire, body);
        assertFalse(results.isEmpty());
        JsonObject last = results.get(results.size() - 1);
        assertEquals(tool, lastCallName(wire, body), "the call the result answers is in the request too");
        return last;
    }

    /** The tool results of the last turn of the request, each paired with its call as the provider requires. */
    private static List<JsonObject> toolResults(Wire wire, JsonObject body) {
        List<JsonObject> out = new ArrayList<>();
        switch (wire) {
            case OPENAI -> {
                // assistant {tool_calls: [{id, type: function, function: {name, arguments}}]}, then {role: tool, tool_call_id, content}
                JsonArray messages = body.getJsonArray("messages");
                int a = lastIndex(messages, m -> m.containsKey("tool_calls"));
                JsonArray calls = messages.getJsonObject(a).getJsonArray("tool_calls");
                for (int i = 0; i < calls.size(); i++) {
                    JsonObject result = messages.getJsonObject(a + 1 + i);
                    assertEquals("tool", result.getString("role"));
                    assertEquals(calls.getJsonObject(i).getString("id"), result.getString("tool_call_id"));
                    assertEquals("function", calls.getJsonObject(i).getString("type"));
                    out.add(new JsonObject(result.getString("content")));
                }
            }
            case ANTHROPIC -> {
                // assistant [{type: tool_use, id, name, input}], then user [{type: tool_result, tool_use_id, content}]
                JsonArray messages = body.getJsonArray("messages");
                JsonObject results = messages.getJsonObject(messages.size() - 1);
                JsonArray uses = messages.getJsonObject(messages.size() - 2).getJsonArray("content");
                assertEquals("user", results.getString("role"));
                JsonArray blocks = results.getJsonArray("content");
                for (int i = 0; i < blocks.size(); i++) {
                    JsonObject block = blocks.getJsonObject(i);
                    assertEquals("tool_result", block.getString("type"));
                    JsonObject use = find(uses, u -> "tool_use".equals(u.getString("type")) && block.getString("tool_use_id").equals(u.getString("id")));
                    assertTrue(use.getValue("input") instanceof JsonObject);
                    out.add(new JsonObject(block.getString("content")));
                }
            }
            case GEMINI -> {
                // model {parts: [{functionCall: {name, args}}]}, then user {parts: [{functionResponse: {name, response}}]}
                // langchain4j sends each function response as its own user turn after the model's turn; collect them
                JsonArray contents = body.getJsonArray("contents");
                int first = contents.size();
                while (first > 0 && contents.getJsonObject(first - 1).getJsonArray("parts").getJsonObject(0).containsKey("functionResponse")) {
                    assertEquals("user", contents.getJsonObject(first - 1).getString("role"));
                    first--;
                }
                assertTrue(first < contents.size(), "there are function responses");
                assertEquals("model", contents.getJsonObject(first - 1).getString("role"));
                JsonArray calls = contents.getJsonObject(first - 1).getJsonArray("parts");
                for (int i = first; i < contents.size(); i++) {
                    JsonObject response = contents.getJsonObject(i).getJsonArray("parts").getJsonObject(0).getJsonObject("functionResponse");
                    assertEquals(calls.getJsonObject(i - first).getJsonObject("functionCall").getString("name"), response.getString("name"));
                    out.add(new JsonObject(response.getJsonObject("response").getString("response")));
                }
            }
            case OLLAMA -> {
                // assistant {tool_calls: [{function: {name, arguments: {…}}}]}, then {role: tool, content}
                JsonArray messages = body.getJsonArray("messages");
                int a = lastIndex(messages, m -> m.containsKey("tool_calls"));
                JsonArray calls = messages.getJsonObject(a).getJsonArray("tool_calls");
                for (int i = 0; i < calls.size(); i++) {
                    JsonObject result = messages.getJsonObject(a + 1 + i);
                    assertEquals("tool", result.getString("role"));
                    assertTrue(calls.getJsonObject(i).getJsonObject("function").getValue("arguments") instanceof JsonObject);
                    out.add(new JsonObject(result.getString("content")));
                }
            }
        }
        return out;
    }

    private static String lastCallName(Wire wire, JsonObject body) {
        return switch (wire) {
            case OPENAI, OLLAMA -> {
                JsonArray messages = body.getJsonArray("messages");
                JsonArray calls = messages.getJsonObject(lastIndex(messages, m -> m.containsKey("tool_calls"))).getJsonArray("tool_calls");
                yield calls.getJsonObject(calls.size() - 1).getJsonObject("function").getString("name");
            }
            case ANTHROPIC -> {
                JsonArray messages = body.getJsonArray("messages");
                JsonArray content = messages.getJsonObject(messages.size() - 2).getJsonArray("content");
                yield content.getJsonObject(content.size() - 1).getString("name");
            }
            case GEMINI -> {
                JsonArray contents = body.getJsonArray("contents");
                int i = lastIndex(contents, c -> c.getJsonArray("parts").getJsonObject(0).containsKey("functionCall"));
                JsonArray parts = contents.getJsonObject(i).getJsonArray("parts");
                yield parts.getJsonObject(parts.size() - 1).getJsonObject("functionCall").getString("name");
            }
        };
    }

    private static int lastIndex(JsonArray array, java.util.function.Predicate<JsonObject> test) {
        for (int i = array.size() - 1; i >= 0; i--) {
            if (test.test(array.getJsonObject(i))) {
                return i;
            }
        }
        throw new AssertionError("nothing matched in " + array.encodePrettily());
    }

    private static JsonObject find(JsonArray array, java.util.function.Predicate<JsonObject> test) {
        return array.getJsonObject(lastIndex(array, test));
    }
}
