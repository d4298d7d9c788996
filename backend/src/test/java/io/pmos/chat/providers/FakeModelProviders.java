package io.pmos.chat.providers;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server that answers like the model providers' streaming chat endpoints, in their real wire formats:
 * OpenAI {@code POST /v1/chat/completions} (SSE of chat.completion.chunk, then {@code [DONE]}), Anthropic
 * {@code POST /v1/messages} (named SSE events message_start … message_stop), Gemini
 * {@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse} (SSE of GenerateContentResponse, CRLF), and Ollama
 * {@code POST /api/chat} (NDJSON). It checks each request the way the provider does (key header, required fields),
 * answers refusals in the provider's error shape, plays a scripted list of answers in order, and records every request.
 */
public final class FakeModelProviders implements AutoCloseable {

    public static final String KEY = "sk-fake-provider-key-0123456789";

    /** The four wire formats, with the PMOS provider id and a model name each speaks. */
    public enum Wire {
        OPENAI("openai", "gpt-4o-mini", "/openai/v1"),
        ANTHROPIC("anthropic", "claude-sonnet-4-5", "/anthropic/v1"),
        GEMINI("gemini", "gemini-2.0-flash", "/gemini/v1beta"),
        OLLAMA("ollama", "llama3.2", "/ollama");

        public final String provider;
        public final String model;
        final String prefix;

        Wire(String provider, String model, String prefix) {
            this.provider = provider;
            this.model = model;
            this.prefix = prefix;
        }
    }

    /** One scripted answer to one request. */
    public sealed interface Answer permits Reply, Refusal, Silence, Stall, CutOff, Held, StreamError, Malformed {
    }

    public record Usage(int input, int output) {
    }

    /** A tool call; its arguments are sent in these pieces where the format streams them (OpenAI, Anthropic). */
    public record Call(String name, List<String> pieces) {

        String arguments() {
            return String.join("", pieces);
        }
    }

    /** A streamed answer: text deltas, then tool calls, then the end with usage. */
    public record Reply(List<String> text, List<Call> calls, Usage usage) implements Answer {
    }

    public enum Failure { BAD_KEY, RATE_LIMITED, SERVER_ERROR, OVERLOADED, CONTEXT_TOO_LONG }

    /** A refusal before any stream, in the provider's error shape; retryAfter in seconds where it says one. */
    public record Refusal(Failure failure, Integer retryAfter) implements Answer {
    }

    /** Takes the request and never answers. */
    public record Silence() implements Answer {
    }

    /** Starts the stream, sends these deltas, then nothing more. */
    public record Stall(List<String> text) implements Answer {
    }

    /** Sends these deltas and closes the connection before the stream's final event. */
    public record CutOff(List<String> text) implements Answer {
    }

    /**
     * Sends these deltas ({@code sent} completes), waits for the gate, then sends the rest if the client is still
     * there; {@code after} then completes with whether it was.
     */
    public record Held(List<String> text, CompletableFuture<Void> sent, CompletableFuture<Void> gate, Reply rest,
                       CompletableFuture<Boolean> after) implements Answer {

        public Held(List<String> text, Reply rest) {
            this(text, new CompletableFuture<>(), new CompletableFuture<>(), rest, new CompletableFuture<>());
        }
    }

    /** Gemini's answer when the model could not form a function call: finishReason MALFORMED_FUNCTION_CALL, no content. */
    public record Malformed() implements Answer {
    }

    /** A stream that starts well and then carries the provider's error event (Anthropic: {@code event: error}). */
    public record StreamError(Failure failure) implements Answer {
    }

    /** A request as the fake received it; {@code clientGone} completes when the client closed the connection first. */
    public record Received(Wire wire, String method, String path, String query, Map<String, String> headers, JsonObject body,
                           long atNanos, CompletableFuture<Void> clientGone) {
    }

    public static Reply text(String... deltas) {
        return new Reply(List.of(deltas), List.of(), new Usage(100, 10));
    }

    public static Reply calls(Call... calls) {
        return new Reply(List.of(), List.of(calls), new Usage(100, 10));
    }

    public static Call call(String name, String... pieces) {
        return new Call(name, List.of(pieces));
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private volatile Answer whenDone = new Refusal(Failure.SERVER_ERROR, null);

    public FakeModelProviders() throws Exception {
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        // Like the providers' own servers for plain http: no h2c upgrade, HTTP/1.1 with chunked streams.
        vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                .requestHandler(req -> req.body().onSuccess(body -> handle(req, body)))
                .listen(0, "127.0.0.1").onSuccess(started::complete).onFailure(started::completeExceptionally);
        server = started.get(10, TimeUnit.SECONDS);
    }

    public String baseUrl(Wire wire) {
        return "http://127.0.0.1:" + server.actualPort() + wire.prefix;
    }

    /** Plays these answers in order, one per request; after them, {@code whenDone} (a 500 unless set). */
    public void script(Answer... answers) {
        script.clear();
        received.clear();
        whenDone = new Refusal(Failure.SERVER_ERROR, null);
        script.addAll(List.of(answers));
    }

    /** The answer for every request after the scripted ones. */
    public void thenAlways(Answer answer) {
        whenDone = answer;
    }

    public List<Received> requests() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    private void handle(HttpServerRequest req, Buffer raw) {
        Wire wire = null;
        for (Wire w : Wire.values()) {
            if (req.path().startsWith(w.prefix + "/")) {
                wire = w;
            }
        }
        if (wire == null || !req.method().name().equals("POST") || !endpoint(wire, req)) {
            req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", "not found: " + req.path()).encode());
            return;
        }
        JsonObject body;
        try {
            body = raw.length() == 0 ? new JsonObject() : raw.toJsonObject();
        } catch (DecodeException e) {
            error(req.response(), wire, 400, "invalid_request_error", "The request body is not valid JSON.", null);
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        CompletableFuture<Void> gone = new CompletableFuture<>();
        req.response().closeHandler(v -> gone.complete(null));
        received.add(new Received(wire, req.method().name(), req.path(), req.query(), headers, body, System.nanoTime(), gone));

        if (!authorized(wire, headers)) {
            refuse(req.response(), wire, Failure.BAD_KEY, null);
            return;
        }
        String missing = missing(wire, body);
        if (missing != null) {
            error(req.response(), wire, 400, "invalid_request_error", missing, null);
            return;
        }
        Answer answer = script.poll();
        play(req.response(), wire, body, answer == null ? whenDone : answer, gone);
    }

    private static boolean endpoint(Wire wire, HttpServerRequest req) {
        String rest = req.path().substring(wire.prefix.length());
        return switch (wire) {
            case OPENAI -> rest.equals("/chat/completions");
            case ANTHROPIC -> rest.equals("/messages");
            case GEMINI -> rest.matches("/models/[\\w.-]+:streamGenerateContent") && "sse".equals(req.getParam("alt"));
            case OLLAMA -> rest.equals("/api/chat");
        };
    }

    private static boolean authorized(Wire wire, Map<String, String> h) {
        return switch (wire) {
            case OPENAI -> ("Bearer " + KEY).equals(h.get("authorization"));
            case ANTHROPIC -> KEY.equals(h.get("x-api-key"));
            case GEMINI -> KEY.equals(h.get("x-goog-api-key"));
            case OLLAMA -> true;
        };
    }

    /** What the provider itself would refuse as a bad request; null when the request is well formed. */
    private static String missing(Wire wire, JsonObject b) {
        return switch (wire) {
            case OPENAI -> b.getString("model") == null ? "you must provide a model parameter"
                    : !(b.getValue("messages") instanceof JsonArray) ? "Missing required parameter: 'messages'."
                    : !Boolean.TRUE.equals(b.getBoolean("stream")) ? "this fake only streams" : null;
            case ANTHROPIC -> b.getString("model") == null ? "model: Field required"
                    : b.getInteger("max_tokens") == null ? "max_tokens: Field required"
                    : !(b.getValue("messages") instanceof JsonArray) ? "messages: Field required"
                    : !Boolean.TRUE.equals(b.getBoolean("stream")) ? "this fake only streams" : null;
            case GEMINI -> !(b.getValue("contents") instanceof JsonArray) || b.getJsonArray("contents").isEmpty()
                    ? "* GenerateContentRequest.contents: contents is not specified" : null;
            case OLLAMA -> b.getString("model") == null ? "model is required"
                    : Boolean.FALSE.equals(b.getBoolean("stream")) ? "this fake only streams" : null;
        };
    }

    // ---- answers ----------------------------------------------------------------------------------------------

    private void play(HttpServerResponse res, Wire wire, JsonObject request, Answer answer, CompletableFuture<Void> gone) {
        if (answer instanceof Refusal r) {
            refuse(res, wire, r.failure(), r.retryAfter());
        } else if (answer instanceof Reply r) {
            Frames f = open(res, wire, request, r.usage(), r.text().isEmpty() && !r.calls().isEmpty());
            r.text().forEach(d -> f.text(d).forEach(res::write));
            f.toolsAndEnd(r).forEach(res::write);
            res.end();
        } else if (answer instanceof Stall s) {
            Frames f = open(res, wire, request, new Usage(100, 10), false);
            s.text().forEach(d -> f.text(d).forEach(res::write));
        } else if (answer instanceof CutOff c) {
            Frames f = open(res, wire, request, new Usage(100, 10), false);
            c.text().forEach(d -> f.text(d).forEach(res::write));
            res.end();
            res.close();
        } else if (answer instanceof Held h) {
            Frames f = open(res, wire, request, h.rest().usage(), h.text().isEmpty() && !h.rest().calls().isEmpty());
            h.text().forEach(d -> f.text(d).forEach(res::write));
            h.sent().complete(null);
            h.gate().thenRun(() -> vertx.runOnContext(v -> {
                boolean there = !gone.isDone();
                if (there) {
                    h.rest().text().forEach(d -> f.text(d).forEach(res::write));
                    f.toolsAndEnd(h.rest()).forEach(res::write);
                    res.end();
                }
                h.after().complete(there);
            }));
        } else if (answer instanceof Malformed && wire == Wire.GEMINI) {
            start(res, wire);
            res.end("data: " + new JsonObject().put("candidates", new JsonArray().add(new JsonObject().put("content", new JsonObject())
                            .put("finishReason", "MALFORMED_FUNCTION_CALL").put("index", 0)
                            .put("finishMessage", "Malformed function call: print(default_api.flow_create(name=)")))
                    .put("usageMetadata", new JsonObject().put("promptTokenCount", 100).put("totalTokenCount", 100))
                    .put("modelVersion", wire.model).put("responseId", id()).encode() + "\r\n\r\n");
        } else if (answer instanceof Malformed) {
            refuse(res, wire, Failure.SERVER_ERROR, null);
        } else if (answer instanceof StreamError e) {
            Frames f = open(res, wire, request, new Usage(100, 10), false);
            res.end(f.streamError(e.failure()));
        }
        // Silence: the request stays open, unanswered
    }

    /** Starts the streamed response: status, headers, and the frames before the first delta. */
    private static Frames open(HttpServerResponse res, Wire wire, JsonObject request, Usage usage, boolean callsFirst) {
        start(res, wire);
        Frames f = new Frames(wire, request, usage);
        f.opening(callsFirst).forEach(res::write);
        return f;
    }

    private static void start(HttpServerResponse res, Wire wire) {
        res.setChunked(true).putHeader("Content-Type", wire == Wire.OLLAMA ? "application/x-ndjson" : "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
        if (wire == Wire.ANTHROPIC) {
            res.putHeader("request-id", "req_" + id());
        }
    }

    private static void refuse(HttpServerResponse res, Wire wire, Failure failure, Integer retryAfter) {
        switch (failure) {
            case BAD_KEY -> {
                switch (wire) {
                    case OPENAI -> error(res, wire, 401, "invalid_request_error", "Incorrect API key provided: sk-wron*****. "
                            + "You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_api_key");
                    case ANTHROPIC -> error(res, wire, 401, "authentication_error", "invalid x-api-key", null);
                    // Gemini answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID
                    case GEMINI -> res.setStatusCode(400).putHeader("Content-Type", "application/json; charset=UTF-8")
                            .end(new JsonObject().put("error", new JsonObject().put("code", 400)
                                    .put("message", "API key not valid. Please pass a valid API key.").put("status", "INVALID_ARGUMENT")
                                    .put("details", new JsonArray().add(new JsonObject()
                                            .put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", "API_KEY_INVALID")
                                            .put("domain", "googleapis.com")))).encodePrettily());
                    case OLLAMA -> res.setStatusCode(401).putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("error", "unauthorized").encode());
                }
            }
            case RATE_LIMITED -> {
                if (retryAfter != null && wire != Wire.GEMINI) {
                    res.putHeader("retry-after", String.valueOf(retryAfter));
                }
                switch (wire) {
                    case OPENAI -> error(res, wire, 429, "tokens", "Rate limit reached for gpt-4o-mini in organization org-fake on "
                            + "tokens per min (TPM): Limit 200000, Used 199500, Requested 900. Please try again in 1s.", "rate_limit_exceeded");
                    case ANTHROPIC -> error(res, wire, 429, "rate_limit_error", "This request would exceed the rate limit for your "
                            + "organization of 50,000 input tokens per minute.", null);
                    case GEMINI -> {
                        JsonArray details = new JsonArray().add(new JsonObject()
                                .put("@type", "type.googleapis.com/google.rpc.QuotaFailure").put("violations", new JsonArray()));
                        if (retryAfter != null) {
                            details.add(new JsonObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                                    .put("retryDelay", retryAfter + "s"));
                        }
                        res.setStatusCode(429).putHeader("Content-Type", "application/json; charset=UTF-8")
                                .end(new JsonObject().put("error", new JsonObject().put("code", 429)
                                        .put("message", "You exceeded your current quota, please check your plan and billing details.")
                                        .put("status", "RESOURCE_EXHAUSTED").put("details", details)).encodePrettily());
                    }
                    case OLLAMA -> res.setStatusCode(429).putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("error", "too many requests").encode());
                }
            }
            case SERVER_ERROR -> {
                switch (wire) {
                    case OPENAI -> error(res, wire, 500, "server_error",
                            "The server had an error while processing your request. Sorry about that!", null);
                    case ANTHROPIC -> error(res, wire, 500, "api_error", "Internal server error", null);
                    case GEMINI -> res.setStatusCode(500).putHeader("Content-Type", "application/json; charset=UTF-8")
                            .end(new JsonObject().put("error", new JsonObject().put("code", 500)
                                    .put("message", "An internal error has occurred. Please retry or report in "
                                            + "https://developers.generativeai.google/guide/troubleshooting")
                                    .put("status", "INTERNAL")).encodePrettily());
                    case OLLAMA -> res.setStatusCode(500).putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("error", "llama runner process has terminated: exit status 2").encode());
                }
            }
            case OVERLOADED -> {
                switch (wire) {
                    case ANTHROPIC -> error(res, wire, 529, "overloaded_error", "Overloaded", null);
                    case GEMINI -> res.setStatusCode(503).putHeader("Content-Type", "application/json; charset=UTF-8")
                            .end(new JsonObject().put("error", new JsonObject().put("code", 503)
                                    .put("message", "The model is overloaded. Please try again later.")
                                    .put("status", "UNAVAILABLE")).encodePrettily());
                    case OPENAI -> error(res, wire, 503, "server_error", "The engine is currently overloaded, please try again later", null);
                    case OLLAMA -> res.setStatusCode(503).putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("error", "server busy, please try again.  maximum pending requests exceeded").encode());
                }
            }
            case CONTEXT_TOO_LONG -> {
                switch (wire) {
                    case OPENAI -> error(res, wire, 400, "invalid_request_error", "This model's maximum context length is 128000 "
                            + "tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
                            "context_length_exceeded");
                    case ANTHROPIC -> error(res, wire, 400, "invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum", null);
                    case GEMINI -> res.setStatusCode(400).putHeader("Content-Type", "application/json; charset=UTF-8")
                            .end(new JsonObject().put("error", new JsonObject().put("code", 400)
                                    .put("message", "The input token count (1203456) exceeds the maximum number of tokens allowed (1048576).")
                                    .put("status", "INVALID_ARGUMENT")).encodePrettily());
                    case OLLAMA -> res.setStatusCode(400).putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("error", "the input length exceeds the context length").encode());
                }
            }
        }
    }

    /** The provider's usual error body for a status (Gemini's and Ollama's own shapes are written where used). */
    private static void error(HttpServerResponse res, Wire wire, int status, String type, String message, String code) {
        JsonObject body = switch (wire) {
            case OPENAI -> new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
                    .putNull("param").put("code", code));
            case ANTHROPIC -> new JsonObject().put("type", "error").put("error", new JsonObject().put("type", type)
                    .put("message", message)).put("request_id", "req_" + id());
            case GEMINI -> new JsonObject().put("error", new JsonObject().put("code", status).put("message", message)
                    .put("status", "INVALID_ARGUMENT"));
            case OLLAMA -> new JsonObject().put("error", message);
        };
        res.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** The frames of one streamed answer in one wire format, in the order the provider sends them. */
    private static final class Frames {

        private final Wire wire;
        private final JsonObject request;
        private final Usage usage;
        private final String model;
        private final String messageId = id();
        private final long created = Instant.now().getEpochSecond();
        private int block = -1;
        private boolean textOpen;
        private boolean roleSent;

        Frames(Wire wire, JsonObject request, Usage usage) {
            this.wire = wire;
            this.request = request;
            this.usage = usage;
            this.model = wire == Wire.GEMINI ? "gemini-2.0-flash" : request.getString("model", wire.model);
        }

        /** What comes before the first delta (OpenAI: the role chunk unless a tool call carries the role). */
        List<String> opening(boolean callsFirst) {
            roleSent = wire == Wire.OPENAI && !callsFirst;
            return switch (wire) {
                case OPENAI -> callsFirst ? List.of() : List.of(openAi(new JsonObject().put("role", "assistant").put("content", "")
                        .putNull("refusal"), null));
                case ANTHROPIC -> List.of(event("message_start", new JsonObject().put("type", "message_start").put("message",
                                new JsonObject().put("id", "msg_" + messageId).put("type", "message").put("role", "assistant")
                                        .put("model", model).put("content", new JsonArray()).putNull("stop_reason")
                                        .putNull("stop_sequence").put("usage", new JsonObject().put("input_tokens", usage.input())
                                                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0)
                                                .put("output_tokens", 1)))),
                        event("ping", new JsonObject().put("type", "ping")));
                case GEMINI, OLLAMA -> List.of();
            };
        }

        List<String> text(String delta) {
            return switch (wire) {
                case OPENAI -> List.of(openAi(new JsonObject().put("content", delta), null));
                case ANTHROPIC -> {
                    List<String> out = new ArrayList<>();
                    if (!textOpen) {
                        textOpen = true;
                        block++;
                        out.add(event("content_block_start", new JsonObject().put("type", "content_block_start").put("index", block)
                                .put("content_block", new JsonObject().put("type", "text").put("text", ""))));
                    }
                    out.add(event("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", block)
                            .put("delta", new JsonObject().put("type", "text_delta").put("text", delta))));
                    yield out;
                }
                case GEMINI -> List.of(gemini(new JsonArray().add(new JsonObject().put("text", delta)), null, null));
                case OLLAMA -> List.of(ollama(new JsonObject().put("role", "assistant").put("content", delta), false, null));
            };
        }

        /** The tool calls (arguments in pieces where the format streams them) and the closing frames with usage. */
        List<String> toolsAndEnd(Reply r) {
            List<String> out = new ArrayList<>();
            boolean calls = !r.calls().isEmpty();
            Usage u = r.usage();
            switch (wire) {
                case OPENAI -> {
                    for (int i = 0; i < r.calls().size(); i++) {
                        Call c = r.calls().get(i);
                        JsonObject first = new JsonObject().put("index", i).put("id", "call_" + id()).put("type", "function")
                                .put("function", new JsonObject().put("name", c.name()).put("arguments", ""));
                        JsonObject delta = new JsonObject().put("tool_calls", new JsonArray().add(first));
                        if (!roleSent) {
                            roleSent = true;
                            delta = new JsonObject().put("role", "assistant").putNull("content").put("tool_calls", delta.getJsonArray("tool_calls"))
                                    .putNull("refusal");
                        }
                        out.add(openAi(delta, null));
                        for (String piece : c.pieces()) {
                            out.add(openAi(new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject().put("index", i)
                                    .put("function", new JsonObject().put("arguments", piece)))), null));
                        }
                    }
                    out.add(openAi(new JsonObject(), calls ? "tool_calls" : "stop"));
                    JsonObject options = request.getJsonObject("stream_options");
                    if (options != null && Boolean.TRUE.equals(options.getBoolean("include_usage"))) {
                        out.add(data(chunk().put("choices", new JsonArray()).put("usage", new JsonObject()
                                .put("prompt_tokens", u.input()).put("completion_tokens", u.output())
                                .put("total_tokens", u.input() + u.output())
                                .put("prompt_tokens_details", new JsonObject().put("cached_tokens", 0).put("audio_tokens", 0))
                                .put("completion_tokens_details", new JsonObject().put("reasoning_tokens", 0)))));
                    }
                    out.add("data: [DONE]\n\n");
                }
                case ANTHROPIC -> {
                    if (textOpen) {
                        out.add(event("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", block)));
                        textOpen = false;
                    }
                    for (Call c : r.calls()) {
                        block++;
                        out.add(event("content_block_start", new JsonObject().put("type", "content_block_start").put("index", block)
                                .put("content_block", new JsonObject().put("type", "tool_use").put("id", "toolu_" + id())
                                        .put("name", c.name()).put("input", new JsonObject()))));
                        List<String> pieces = new ArrayList<>(List.of(""));
                        pieces.addAll(c.pieces());
                        for (String piece : pieces) {
                            out.add(event("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", block)
                                    .put("delta", new JsonObject().put("type", "input_json_delta").put("partial_json", piece))));
                        }
                        out.add(event("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", block)));
                    }
                    out.add(event("message_delta", new JsonObject().put("type", "message_delta")
                            .put("delta", new JsonObject().put("stop_reason", calls ? "tool_use" : "end_turn").putNull("stop_sequence"))
                            .put("usage", new JsonObject().put("output_tokens", u.output()))));
                    out.add(event("message_stop", new JsonObject().put("type", "message_stop")));
                }
                case GEMINI -> {
                    JsonArray parts = new JsonArray();
                    for (Call c : r.calls()) {
                        parts.add(new JsonObject().put("functionCall", new JsonObject().put("name", c.name())
                                .put("args", new JsonObject(c.arguments().isEmpty() ? "{}" : c.arguments()))));
                    }
                    if (parts.isEmpty()) {
                        parts.add(new JsonObject().put("text", ""));
                    }
                    out.add(gemini(parts, "STOP", u));
                }
                case OLLAMA -> {
                    if (calls) {
                        JsonArray toolCalls = new JsonArray();
                        for (int i = 0; i < r.calls().size(); i++) {
                            Call c = r.calls().get(i);
                            toolCalls.add(new JsonObject().put("function", new JsonObject().put("index", i).put("name", c.name())
                                    .put("arguments", new JsonObject(c.arguments().isEmpty() ? "{}" : c.arguments()))));
                        }
                        out.add(ollama(new JsonObject().put("role", "assistant").put("content", "").put("tool_calls", toolCalls), false, null));
                    }
                    out.add(ollama(new JsonObject().put("role", "assistant").put("content", ""), true, u));
                }
            }
            return out;
        }

        /** The provider's error event inside an open stream. */
        String streamError(Failure failure) {
            String type = failure == Failure.OVERLOADED ? "overloaded_error" : "api_error";
            String message = failure == Failure.OVERLOADED ? "Overloaded" : "Internal server error";
            return switch (wire) {
                case ANTHROPIC -> event("error", new JsonObject().put("type", "error").put("error", new JsonObject()
                        .put("type", type).put("message", message)));
                case OPENAI -> "event: error\ndata: " + new JsonObject().put("error", new JsonObject().put("message", message)
                        .put("type", "server_error")).encode() + "\n\n";
                case GEMINI -> data(new JsonObject().put("error", new JsonObject().put("code", 503).put("message", message)
                        .put("status", "UNAVAILABLE")));
                case OLLAMA -> new JsonObject().put("error", message).encode() + "\n";
            };
        }

        private JsonObject chunk() {
            return new JsonObject().put("id", "chatcmpl-" + messageId).put("object", "chat.completion.chunk")
                    .put("created", created).put("model", model).put("service_tier", "default")
                    .put("system_fingerprint", "fp_fake0001");
        }

        private String openAi(JsonObject delta, String finish) {
            JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).putNull("logprobs");
            if (finish == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finish);
            }
            return data(chunk().put("choices", new JsonArray().add(choice)).putNull("usage"));
        }

        private String gemini(JsonArray parts, String finish, Usage usage) {
            JsonObject candidate = new JsonObject().put("content", new JsonObject().put("parts", parts).put("role", "model"))
                    .put("index", 0);
            if (finish != null) {
                candidate.put("finishReason", finish);
            }
            JsonObject usageMetadata = usage == null ? new JsonObject().put("promptTokenCount", 0).put("totalTokenCount", 0)
                    : new JsonObject().put("promptTokenCount", usage.input()).put("candidatesTokenCount", usage.output())
                    .put("totalTokenCount", usage.input() + usage.output())
                    .put("promptTokensDetails", new JsonArray().add(new JsonObject().put("modality", "TEXT")
                            .put("tokenCount", usage.input())));
            // Gemini ends SSE lines with CRLF
            return "data: " + new JsonObject().put("candidates", new JsonArray().add(candidate)).put("usageMetadata", usageMetadata)
                    .put("modelVersion", model).put("responseId", messageId).encode() + "\r\n\r\n";
        }

        private String ollama(JsonObject message, boolean done, Usage usage) {
            JsonObject line = new JsonObject().put("model", model).put("created_at", Instant.now().toString())
                    .put("message", message).put("done", done);
            if (done) {
                line.put("done_reason", "stop").put("total_duration", 812_345_678L).put("load_duration", 12_345_678L)
                        .put("prompt_eval_count", usage.input()).put("prompt_eval_duration", 123_456_789L)
                        .put("eval_count", usage.output()).put("eval_duration", 654_321_000L);
            }
            return line.encode() + "\n";
        }

        private static String event(String name, JsonObject data) {
            return "event: " + name + "\ndata: " + data.encode() + "\n\n";
        }

        private static String data(JsonObject data) {
            return "data: " + data.encode() + "\n\n";
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
