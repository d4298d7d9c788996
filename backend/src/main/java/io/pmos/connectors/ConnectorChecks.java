package io.pmos.connectors;

import io.pmos.ai.AiProvider;
import io.pmos.ai.AiProviderException;
import io.pmos.ai.AiProviderProbe;
import io.pmos.config.PmosConfig;
import io.pmos.connectors.ConnectorDtos.CheckError;
import io.pmos.connectors.ConnectorDtos.CheckResult;
import io.pmos.flowpieces.FlowPiecesClient;
import io.pmos.flowpieces.FlowPiecesException;
import io.pmos.flowpieces.FlowPiecesTarget;
import io.pmos.secrets.SecretUnreadableException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tests one connector end to end — reachable, credentials accepted, the thing it is for available — and answers
 * a {@link CheckResult} with a code, a plain message and a fix for the first thing that failed.
 */
@ApplicationScoped
public class ConnectorChecks {

    private static final Logger LOG = Logger.getLogger(ConnectorChecks.class);
    private static final int FLOW_COUNT_CAP = 1000;
    public static final String PASSED = "passed";
    public static final String UNVERIFIED = "unverified";
    public static final String FAILED = "failed";

    private final FlowPiecesClient flowPieces;
    private final AiProviderProbe ai;
    private final ConnectorService connectors;
    private final McpCheck mcp;
    private final Duration flowPiecesTimeout;
    private final Duration aiTimeout;

    public ConnectorChecks(FlowPiecesClient flowPieces, AiProviderProbe ai, ConnectorService connectors, McpCheck mcp,
                           PmosConfig config) {
        this.flowPieces = flowPieces;
        this.ai = ai;
        this.connectors = connectors;
        this.mcp = mcp;
        this.flowPiecesTimeout = config.flowPieces().testTimeout();
        this.aiTimeout = config.ai().testTimeout();
    }

    /** The state of a stored test result; results stored before states existed derive it from ok. */
    public static String state(io.vertx.core.json.JsonObject test) {
        if (test == null) {
            return null;
        }
        String status = test.getString("status");
        return status != null ? status : Boolean.TRUE.equals(test.getBoolean("ok")) ? PASSED : FAILED;
    }

    /** The public name of a connector in results and requests: flowPieces, ai, or mcp:<name>. */
    public static String label(ConnectorRecord r) {
        return switch (r.kind()) {
            case ConnectorRecord.FLOW_PIECES -> "flowPieces";
            case ConnectorRecord.AI -> "ai";
            default -> "mcp:" + r.name();
        };
    }

    public Uni<CheckResult> check(ConnectorRecord r) {
        long start = System.nanoTime();
        String secret;
        try {
            secret = connectors.secretOf(r);
        } catch (SecretUnreadableException e) {
            LOG.warnf("Connector %s: %s", label(r), e.getMessage());
            return Uni.createFrom().item(Result.of(r, start).fail(code(r, "SECRET_UNREADABLE"),
                    "The stored key cannot be used: it was saved for another address or sign-in method, or under "
                            + "another master key.",
                    "Enter the key again: a saved key is only sent to the address it was entered for."));
        }
        return switch (r.kind()) {
            case ConnectorRecord.FLOW_PIECES -> checkFlowPieces(r, secret, start);
            case ConnectorRecord.AI -> checkAi(r, secret, start);
            default -> mcp.check(r, secret, Result.of(r, start));
        };
    }

    /** A not-configured result for a connector kind that has no row yet. */
    public static CheckResult missing(String connector, String kind, String code, String message) {
        return new CheckResult(connector, kind, false, false, false, false, FAILED, Map.of(), 0, System.currentTimeMillis(),
                new CheckError(code, message, ConnectorFixes.fix(code)));
    }

    private Uni<CheckResult> checkFlowPieces(ConnectorRecord r, String secret, long start) {
        Result res = Result.of(r, start);
        String mode = r.setting("authMode");
        boolean password = "password".equals(mode);
        if (r.setting("url") == null || secret == null || !password && r.setting("projectId") == null) {
            return Uni.createFrom().item(res.fail("FLOW_PIECES_NOT_CONFIGURED", secret == null
                    ? "No " + (password ? "password" : "API key") + " is stored for Flow Pieces."
                    : "Flow Pieces is not fully set up.", null));
        }
        res.configured = true;
        FlowPiecesTarget target = new FlowPiecesTarget(r.setting("url"), password ? null : secret,
                password ? r.setting("email") : null, password ? secret : null, r.setting("projectId"),
                "check:" + r.id());
        return flowPieces.flags(target, flowPiecesTimeout)
                .invoke(flags -> {
                    res.reachable = true;
                    res.details.put("edition", flags.getString("EDITION"));
                    res.details.put("version", flags.getString("CURRENT_VERSION"));
                })
                .flatMap(flags -> password
                        ? flowPieces.signIn(target, flowPiecesTimeout).map(in -> target.projectId() != null ? target
                        : target.withProject(in.getString("projectId")))
                        : Uni.createFrom().item(target))
                .flatMap(t -> {
                    res.details.put("projectId", t.projectId());
                    return flowPieces.countFlows(t, flowPiecesTimeout, FLOW_COUNT_CAP);
                })
                .map(count -> {
                    res.authOk = true;
                    res.details.put("flowCount", count);
                    return res.pass();
                })
                .onFailure(FlowPiecesException.class).recoverWithItem(e -> {
                    FlowPiecesException f = (FlowPiecesException) e;
                    if (f.code().equals(FlowPiecesException.PROJECT_NOT_FOUND)) {
                        res.authOk = true;
                    }
                    return res.fail(f.code(), f.getMessage(), null);
                })
                .onFailure().recoverWithItem(e -> unexpected(res, "FLOW_PIECES_UNREACHABLE", e))
                .invoke(() -> flowPieces.forget("check:" + r.id()));
    }

    private Uni<CheckResult> checkAi(ConnectorRecord r, String secret, long start) {
        Result res = Result.of(r, start);
        AiProvider provider = AiProvider.of(r.setting("provider")).orElse(null);
        if (provider == null || provider.needsModel() && r.setting("model") == null) {
            return Uni.createFrom().item(res.fail("AI_NOT_CONFIGURED", "No AI provider and model are chosen.", null));
        }
        res.configured = true;
        res.details.put("provider", provider.id());
        if (provider == AiProvider.BUILTIN) {
            res.reachable = true;
            res.authOk = true;
            res.details.put("mode", "Built-in commands, no AI model: no key needed.");
            return Uni.createFrom().item(res.pass());
        }
        res.details.put("model", r.setting("model"));
        return ai.probe(provider, r.setting("baseUrl"), r.setting("model"), secret, aiTimeout)
                .map(p -> {
                    res.reachable = true;
                    res.authOk = true;
                    res.details.put("keyValid", true);
                    res.details.put("modelAvailable", p.modelAvailable());
                    if (!p.sampleModels().isEmpty()) {
                        res.details.put("models", p.sampleModels());
                    }
                    return res.pass();
                })
                .onFailure(AiProviderException.class).recoverWithItem(e -> {
                    AiProviderException a = (AiProviderException) e;
                    switch (a.code()) {
                        case AiProviderException.KEY_INVALID, AiProviderException.RATE_LIMITED -> res.reachable = true;
                        case AiProviderException.MODEL_NOT_FOUND -> {
                            res.reachable = true;
                            res.authOk = true;
                            res.details.put("keyValid", true);
                            res.details.put("modelAvailable", false);
                        }
                        default -> {
                        }
                    }
                    if (a.code().equals(AiProviderException.KEY_INVALID)) {
                        res.details.put("keyValid", false);
                    }
                    return res.fail(a.code(), a.getMessage(), null);
                })
                .onFailure().recoverWithItem(e -> unexpected(res, "AI_UNREACHABLE", e));
    }

    private static CheckResult unexpected(Result res, String code, Throwable e) {
        LOG.warnf("Connector check %s failed unexpectedly: %s", res.connector, e.getClass().getSimpleName());
        return res.fail(code, "The test could not complete.", null);
    }

    private static String code(ConnectorRecord r, String suffix) {
        return switch (r.kind()) {
            case ConnectorRecord.FLOW_PIECES -> "FLOW_PIECES_" + suffix;
            case ConnectorRecord.AI -> "AI_" + suffix;
            default -> "MCP_" + suffix;
        };
    }

    /** A result being filled in while a check runs. */
    public static final class Result {
        final String connector;
        final String kind;
        final long start;
        public boolean configured;
        public boolean reachable;
        public boolean authOk;
        public final Map<String, Object> details = new LinkedHashMap<>();

        private Result(String connector, String kind, long start) {
            this.connector = connector;
            this.kind = kind;
            this.start = start;
        }

        static Result of(ConnectorRecord r, long start) {
            return new Result(label(r), r.kind(), start);
        }

        public CheckResult pass() {
            return new CheckResult(connector, kind, configured, reachable, authOk, true, PASSED, details, elapsed(),
                    System.currentTimeMillis(), null);
        }

        /** The connection works, but nothing proved its key: "connected, key not verified". */
        public CheckResult unverified() {
            return new CheckResult(connector, kind, configured, reachable, false, true, UNVERIFIED, details, elapsed(),
                    System.currentTimeMillis(), null);
        }

        public CheckResult fail(String code, String message, String fix) {
            return new CheckResult(connector, kind, configured, reachable, authOk, false, FAILED, details, elapsed(),
                    System.currentTimeMillis(), new CheckError(code, message, fix != null ? fix : ConnectorFixes.fix(code)));
        }

        private long elapsed() {
            return (System.nanoTime() - start) / 1_000_000;
        }
    }
}
