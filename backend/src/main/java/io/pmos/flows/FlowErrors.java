package io.pmos.flows;

import io.pmos.common.ApiException;
import io.pmos.flowpieces.FlowPiecesException;

import java.util.Map;

/** Flow Pieces failures as answers to PMOS's own callers: refusals stay 400/404, trouble with Flow Pieces is 502. */
final class FlowErrors {

    private FlowErrors() {
    }

    static ApiException map(FlowPiecesException e, String what) {
        return switch (e.code()) {
            case FlowPiecesException.NOT_FOUND -> new ApiException(404, "No such " + what + " in your workspace.",
                    Map.of(), e.code());
            case FlowPiecesException.REJECTED -> new ApiException(e.httpStatus() == 413 ? 413 : 400,
                    e.getMessage(), Map.of(), e.code());
            // the workspace's own setting points somewhere the operator does not allow: not a server fault
            case FlowPiecesException.ADDRESS_NOT_ALLOWED -> new ApiException(400, e.getMessage()
                    + " An admin can change the Flow Pieces address in Setup.", Map.of(), e.code());
            // a change that timed out may have been applied: never say "failed", never invite a blind retry
            case FlowPiecesException.OUTCOME_UNKNOWN -> new ApiException(504, e.getMessage() + " PMOS keeps checking "
                    + "the " + what + " and live updates show it as Flow Pieces has it: look before repeating the change.",
                    Map.of(), e.code());
            case FlowPiecesException.AUTH_FAILED, FlowPiecesException.PROJECT_NOT_FOUND -> new ApiException(502,
                    "Flow Pieces refused PMOS's credentials or project: an admin should test the connection in Setup.",
                    Map.of(), e.code());
            default -> new ApiException(502, "Flow Pieces could not be reached or answered badly: " + e.getMessage()
                    + " An admin can test the connection in Setup.", Map.of(), e.code());
        };
    }

    static <T> io.smallrye.mutiny.Uni<T> fail(Throwable e, String what) {
        if (e instanceof FlowPiecesException f) {
            return io.smallrye.mutiny.Uni.createFrom().failure(map(f, what));
        }
        return io.smallrye.mutiny.Uni.createFrom().failure(e);
    }
}
