package io.pmos.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bare Vert.x server PMOS is measured against: the same jobs with nothing around them. A session cookie checked
 * against an in-memory map, a JSON route like /auth/me, a WebSocket speaking PMOS's subscribe/event protocol with each
 * event encoded once for all subscribers, and a flow operation forwarded to the local Flow Pieces that publishes its
 * result. One verticle instance per event loop (as many as Quarkus starts), all sharing the state below.
 *
 * <p>Usage: {@code java -cp pmos-bench.jar io.pmos.bench.Baseline PORT FLOW_PIECES_URL FLOW_PIECES_KEY}
 */
public final class Baseline extends AbstractVerticle {

    static final String COOKIE = "bench_session";

    /** session id -> the /auth/me answer, encoded when the session is made. */
    static final Map<String, Buffer> SESSIONS = new ConcurrentHashMap<>();
    static final Map<String, Topic> TOPICS = new ConcurrentHashMap<>();

    /**
     * A topic: its subscribers and last event number, owned by one event loop (the one that first used it). Everything
     * it does runs there, one task after another, so numbers are given in order and every subscriber's socket gets its
     * frames in that order (Vert.x queues a write from another event loop on the socket's own, in call order).
     */
    static final class Topic {
        final Context owner;
        final Set<ServerWebSocket> subscribers = new HashSet<>();
        long seq;

        Topic(Context owner) {
            this.owner = owner;
        }

        /** Numbers the event and hands one encoded frame to every subscriber; answers the number. */
        Future<Long> publish(String topic, Buffer data) {
            Promise<Long> numbered = Promise.promise();
            owner.runOnContext(v -> {
                seq++;
                String frame = "{\"type\":\"event\",\"topic\":\"" + topic + "\",\"seq\":" + seq
                        + ",\"event\":\"flow.updated\",\"data\":" + data + "}";
                for (ServerWebSocket ws : subscribers) {
                    ws.writeTextMessage(frame);
                }
                numbered.complete(seq);
            });
            return numbered.future();
        }

        void subscribe(String topic, ServerWebSocket ws) {
            owner.runOnContext(v -> {
                subscribers.add(ws);
                ws.writeTextMessage(new JsonObject().put("type", "subscribed").put("topic", topic).put("seq", seq).encode());
            });
        }

        void unsubscribe(ServerWebSocket ws) {
            owner.runOnContext(v -> subscribers.remove(ws));
        }
    }

    static Topic topic(String name) {
        return TOPICS.computeIfAbsent(name, t -> new Topic(Vertx.currentContext()));
    }

    private final int port;
    private final URI flowPieces;
    private final String key;
    private HttpClient client;

    Baseline(int port, URI flowPieces, String key) {
        this.port = port;
        this.flowPieces = flowPieces;
        this.key = key;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        URI fp = URI.create(args[1]);
        String key = args[2];
        Vertx vertx = Vertx.vertx();
        // Quarkus runs 2 x cores event loops; so does the baseline.
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new Baseline(port, fp, key), new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("baseline listening on " + port))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start(Promise<Void> started) {
        client = vertx.createHttpClient();
        vertx.createHttpServer()
                .webSocketHandler(this::socket)
                .requestHandler(this::request)
                .listen(port, "127.0.0.1")
                .<Void>mapEmpty().onComplete(started);
    }

    private void request(HttpServerRequest req) {
        String path = req.path();
        if (path.equals("/ready")) {
            req.response().end("ok");
            return;
        }
        if (path.equals("/session") && req.method() == HttpMethod.POST) {
            String id = UUID.randomUUID().toString();
            SESSIONS.put(id, new JsonObject().put("ok", true).put("authenticated", true)
                    .put("user", new JsonObject().put("id", UUID.randomUUID().toString()).put("email", "bench@example.com")
                            .put("name", "Bench").put("role", "workspace_admin")
                            .put("workspaceId", UUID.randomUUID().toString())).toBuffer());
            req.response().addCookie(Cookie.cookie(COOKIE, id).setHttpOnly(true).setPath("/")).end("{\"ok\":true}");
            return;
        }
        Buffer me = session(req);
        if (me == null) {
            req.response().setStatusCode(401).end("{\"ok\":false}");
        } else if (path.equals("/auth/me")) {
            req.response().putHeader("content-type", "application/json").end(me);
        } else if (path.startsWith("/publish/") && req.method() == HttpMethod.POST) {
            String topic = path.substring("/publish/".length());
            req.body().compose(body -> topic(topic).publish(topic, body))
                    .onSuccess(seq -> req.response().end("{\"ok\":true,\"seq\":" + seq + "}"));
        } else if (path.startsWith("/op/") && req.method() == HttpMethod.POST) {
            operation(req, path.substring("/op/".length()));
        } else {
            req.response().setStatusCode(404).end();
        }
    }

    private static Buffer session(HttpServerRequest req) {
        Cookie c = req.getCookie(COOKIE);
        return c == null ? null : SESSIONS.get(c.getValue());
    }

    /** Forwards one flow operation to Flow Pieces, publishes the flow it answers, answers {ok, flow, seq}. */
    private void operation(HttpServerRequest req, String flowId) {
        req.body().compose(body -> client.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setHost(flowPieces.getHost()).setPort(flowPieces.getPort())
                        .setURI(flowPieces.getPath() + "/api/v1/flows/" + flowId)
                        .putHeader("authorization", "Bearer " + key).putHeader("content-type", "application/json"))
                .compose(r -> r.send(body)).compose(r -> r.body().map(b -> r.statusCode() / 100 == 2 ? b : null)))
                .onComplete(ar -> {
                    if (ar.failed() || ar.result() == null) {
                        req.response().setStatusCode(502).end("{\"ok\":false}");
                        return;
                    }
                    Buffer flow = ar.result();
                    topic("flow:" + flowId).publish("flow:" + flowId, Buffer.buffer("{\"flow\":").appendBuffer(flow).appendString("}"))
                            .onSuccess(seq -> req.response().putHeader("content-type", "application/json")
                                    .end(Buffer.buffer("{\"ok\":true,\"seq\":" + seq + ",\"flow\":").appendBuffer(flow).appendString("}")));
                });
    }

    private void socket(ServerWebSocket ws) {
        Cookie c = ws.headers().get("cookie") == null ? null : parseCookie(ws.headers().get("cookie"));
        if (!ws.path().equals("/ws") || c == null || !SESSIONS.containsKey(c.getValue())) {
            ws.reject(401);
            return;
        }
        Set<String> mine = ConcurrentHashMap.newKeySet();
        ws.textMessageHandler(text -> {
            JsonObject msg = new JsonObject(text);
            String topic = msg.getString("topic");
            if ("subscribe".equals(msg.getString("type")) && topic != null) {
                mine.add(topic);
                topic(topic).subscribe(topic, ws);
            } else if ("ping".equals(msg.getString("type"))) {
                ws.writeTextMessage("{\"type\":\"pong\"}");
            }
        });
        ws.closeHandler(v -> mine.forEach(t -> topic(t).unsubscribe(ws)));
    }

    private static Cookie parseCookie(String header) {
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(COOKIE + "=")) {
                return Cookie.cookie(COOKIE, p.substring(COOKIE.length() + 1));
            }
        }
        return null;
    }
}
