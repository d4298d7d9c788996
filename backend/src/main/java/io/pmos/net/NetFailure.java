package io.pmos.net;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.StreamResetException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Sorts a failed outbound HTTP call into the few kinds a person can act on (without any message text). */
public enum NetFailure {
    HOST_NOT_FOUND, CONNECTION_REFUSED, UNREACHABLE, TIMEOUT, TLS, CLOSED, OTHER;

    public static NetFailure of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return HOST_NOT_FOUND;
            }
            if (t instanceof ConnectTimeoutException || t instanceof TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return TIMEOUT;
            }
            if (t instanceof NoRouteToHostException) {
                return UNREACHABLE;
            }
            if (t instanceof ConnectException) {
                String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase();
                return m.contains("refused") ? CONNECTION_REFUSED : UNREACHABLE;
            }
            if (t instanceof SSLException) {
                return TLS;
            }
            if (t instanceof StreamResetException || t.getClass().getSimpleName().equals("VertxException")
                    && t.getMessage() != null && t.getMessage().contains("Connection was closed")) {
                return CLOSED;
            }
        }
        return OTHER;
    }
}
