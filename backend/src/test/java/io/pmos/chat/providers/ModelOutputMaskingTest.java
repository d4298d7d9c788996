package io.pmos.chat.providers;

import io.pmos.TestSupport;
import io.pmos.chat.providers.FakeModelProviders.Reply;
import io.pmos.chat.providers.FakeModelProviders.Usage;
import io.pmos.chat.providers.FakeModelProviders.Wire;
import io.pmos.chat.providers.FakeModelProvidersResource.Fake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pmos.chat.providers.FakeModelProviders.KEY;
import static io.pmos.chat.providers.FakeModelProviders.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8 §8, the model's side: a model that says a key (streamed in pieces that split it) or puts one into a tool
 * call's arguments never gets it into the trace, the messages, the transcript or the next request to the model.
 */
@QuarkusTest
@QuarkusTestResource(FakeModelProvidersResource.class)
class ModelOutputMaskingTest {

    private static final String OPENAI_KEY = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123";
    private static final String SLACK_TOKEN = "xoxb-123456789012-AbCdEfGhIjKl";
    private static final String GITHUB_TOKEN = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

    @Fake
    FakeModelProviders fake;

    @Test
    void keysTheModelStreamsOrPassesToToolsAreMaskedEverywhereTheyAreKept() {
        ChatSession chat = ChatSession.with(fake, Wire.OPENAI, KEY);
        String padding = "Here is everything I found in the settings of this workspace, as you asked me to. ";
        fake.script(
                new Reply(List.of(), List.of(call("flow_create", "{\"name\": \"Deploy ", GITHUB_TOKEN.substring(0, 12),
                        GITHUB_TOKEN.substring(12), "\"}")), new Usage(10, 5)),
                // the second piece fills the buffer to its size in the middle of a key: a cut there would split it
                new Reply(List.of(padding, "And a few more words, only to fill this piece of the stream up. The key is sk-proj-AbCdEf",
                        "GhIjKlMnOpQrStUvWx0123, the Slack token xoxb-1234",
                        "56789012-AbCdEfGhIjKl and the provider key ", KEY.substring(0, 9), KEY.substring(9), " (stored)."),
                        List.of(), new Usage(20, 30)),
                new Reply(List.of("unused"), List.of(), new Usage(1, 1)));

        String run = chat.send("What keys do we have?");
        JsonPath trace = chat.awaitFinished(run);

        assertEquals("succeeded", ChatSession.finishedStatus(trace), trace.prettify());
        String streamed = String.join("", trace.getList("events.findAll { it.type == 'assistant.delta' }.data.text"));
        assertTrue(streamed.contains("The key is ••••0123, the Slack token ••••"), streamed);
        assertTrue(chat.flowNames().stream().anyMatch(n -> n.startsWith("Deploy ••••")), chat.flowNames().toString());
        String kept = String.join("\n", streamed, trace.prettify(),
                (String) TestSupport.scalar("SELECT string_agg(transcript::text, ' ') FROM chat_runs"),
                (String) TestSupport.scalar("SELECT string_agg(content, ' ') FROM chat_messages"),
                (String) TestSupport.scalar("SELECT string_agg(payload::text, ' ') FROM events"),
                fake.requests().get(1).body().encode());
        for (String secret : List.of(OPENAI_KEY, SLACK_TOKEN, GITHUB_TOKEN, KEY)) {
            assertFalse(kept.contains(secret), "kept or sent on: " + secret);
        }
        assertEquals(2, fake.requests().size(), "the answer with text ended the run");
    }
}
