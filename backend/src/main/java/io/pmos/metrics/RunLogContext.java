package io.pmos.metrics;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a chat run's work on a Vert.x duplicated context of its own with {@code runId} in the logging MDC, so every
 * log line the run writes (on whichever thread its callbacks land) names it, and nothing leaks into the request
 * that started it or into other runs.
 */
@ApplicationScoped
public class RunLogContext {

    public static final String MDC_KEY = "runId";

    private final Vertx vertx;

    public RunLogContext(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> around(UUID runId, Supplier<Uni<T>> work) {
        Context current = Vertx.currentContext();
        Context own = VertxContext.createNewDuplicatedContext(current != null ? current : vertx.getOrCreateContext());
        Object requestId = current == null ? null : MDC.get(RequestIds.MDC_KEY);
        return Uni.createFrom().emitter(emitter -> own.runOnContext(v -> {
            MDC.put(MDC_KEY, runId.toString());
            if (requestId != null) {
                MDC.put(RequestIds.MDC_KEY, requestId.toString());
            }
            Uni<T> uni;
            try {
                uni = work.get();
            } catch (RuntimeException e) {
                emitter.fail(e);
                return;
            }
            uni.subscribe().with(emitter::complete, emitter::fail);
        }));
    }
}
