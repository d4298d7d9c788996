package io.pmos.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;

/** A server under load (PMOS, the baseline or Flow Pieces): where it listens, its process and its credentials. */
record Target(String name, URI url, long pid, String cookie, String bearer, String wsPath) {

    Target withCookie(String c) {
        return new Target(name, url, pid, c, bearer, wsPath);
    }

    RequestOptions request(HttpMethod method, String path) {
        RequestOptions o = new RequestOptions().setMethod(method).setHost(url.getHost()).setPort(url.getPort())
                .setURI(path).putHeader("accept", "application/json");
        if (cookie != null) {
            o.putHeader("cookie", cookie);
        }
        if (bearer != null) {
            o.putHeader("authorization", "Bearer " + bearer);
        }
        return o;
    }

    /** One request; answers status and body (the body is JSON for every route the harness calls). */
    Future<Answer> call(HttpClient client, HttpMethod method, String path, Buffer body) {
        RequestOptions o = request(method, path);
        if (body != null) {
            o.putHeader("content-type", "application/json");
        }
        return client.request(o).compose(r -> body == null ? r.send() : r.send(body))
                .compose(r -> r.body().map(b -> new Answer(r.statusCode(), b, r.cookies())));
    }

    /** Like {@link #call} but blocking and failing unless the status is 2xx: for setting up. */
    JsonObject ok(HttpClient client, HttpMethod method, String path, JsonObject body) {
        Answer a = Bench.await(call(client, method, path, body == null ? null : body.toBuffer()));
        if (a.status() / 100 != 2) {
            throw new IllegalStateException(name + " " + method + " " + path + " answered " + a.status() + ": " + a.body());
        }
        return a.body().length() == 0 ? new JsonObject() : a.body().toJsonObject();
    }

    Future<WebSocket> socket(WebSocketClient client) {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(url.getHost()).setPort(url.getPort()).setURI(wsPath);
        if (cookie != null) {
            o.addHeader("cookie", cookie);
        }
        return client.connect(o);
    }

    record Answer(int status, Buffer body, java.util.List<String> cookies) {
    }
}
