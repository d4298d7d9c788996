package io.pmos.connectors;

import io.pmos.ai.AiProvider;
import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.common.ApiException;
import io.pmos.common.Fields;
import io.pmos.common.Jsons;
import io.pmos.config.PmosConfig;
import io.pmos.connectors.ConnectorDtos.AiInput;
import io.pmos.connectors.ConnectorDtos.AiView;
import io.pmos.connectors.ConnectorDtos.ConnectorsAnswer;
import io.pmos.connectors.ConnectorDtos.ConnectorsUpdate;
import io.pmos.connectors.ConnectorDtos.FlowPiecesInput;
import io.pmos.connectors.ConnectorDtos.FlowPiecesView;
import io.pmos.connectors.ConnectorDtos.LocalChoice;
import io.pmos.connectors.ConnectorDtos.McpInput;
import io.pmos.connectors.ConnectorDtos.McpView;
import io.pmos.connectors.ConnectorDtos.SecretView;
import io.pmos.connectors.ConnectorDtos.StatusView;
import io.pmos.flowpieces.FlowPiecesClient;
import io.pmos.flowpieces.FlowPiecesException;
import io.pmos.flowpieces.FlowPiecesTarget;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.pmos.net.AddressNotAllowedException;
import io.pmos.secrets.ConnectorSecrets;
import io.pmos.secrets.SecretBox;
import io.pmos.secrets.SecretCipher;
import io.pmos.secrets.SecretUnreadableException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A workspace's connectors: read (admins see settings and masks, others status only) and replace settings.
 * Secrets are sealed on the way in and never leave this class in clear except through {@link #secretOf}.
 */
@ApplicationScoped
public class ConnectorService {

    static final int MAX_MCP = 10;
    static final String LOCAL_MCP_NAME = "bcgpt";

    private final ConnectorRepository repository;
    private final SecretBox secrets;
    private final AuditService audit;
    private final PmosConfig.Local local;
    private final FlowPiecesClient flowPieces;
    private final List<Consumer<ConnectorRecord>> changeListeners = new ArrayList<>();

    public ConnectorService(ConnectorRepository repository, SecretBox secrets, AuditService audit, PmosConfig config,
                            FlowPiecesClient flowPieces) {
        this.repository = repository;
        this.flowPieces = flowPieces;
        this.secrets = secrets;
        this.audit = audit;
        this.local = config.local();
    }

    /** Lets clients that cache per connector (tokens, MCP sessions) drop their state when settings change. */
    public void onChange(Consumer<ConnectorRecord> listener) {
        changeListeners.add(listener);
    }

    public Uni<List<ConnectorRecord>> records(UUID workspaceId) {
        return repository.list(workspaceId);
    }

    /**
     * The clear text of a connector's secret, for the code that calls the service; null when none is stored. A v2
     * ciphertext opens only for the destination it was sealed for, so a row whose address or sign-in method was
     * changed behind PMOS's back (in the database) throws {@link SecretUnreadableException} instead of handing out
     * the secret. The local Flow Pieces' platform key is never handed out for a workspace row (rows from before
     * per-project keys held it).
     */
    public String secretOf(ConnectorRecord r) {
        String plain = openAny(r);
        if (isPlatformKey(plain)) {
            throw new SecretUnreadableException("a workspace connector held the local Flow Pieces platform key");
        }
        return plain;
    }

    /** Opens a row's secret with the context its version was sealed with (the platform-key guard left out). */
    String openAny(ConnectorRecord r) {
        return r.secretCiphertext() == null ? null : secrets.open(r.secretCiphertext(), contextOf(r.workspaceId(),
                r.id(), r.kind(), r.config(), SecretCipher.version(r.secretCiphertext())));
    }

    /** Tells the listeners that a row changed outside {@link #update} (cached tokens and sessions are dropped). */
    void changed(ConnectorRecord r) {
        changeListeners.forEach(l -> l.accept(r));
    }

    /** The canonical destination of a connector's secret (see {@link ConnectorSecrets#binding}). */
    static String binding(String kind, JsonObject config) {
        return ConnectorSecrets.binding(kind, key -> config == null ? null : config.getString(key));
    }

    static String contextOf(UUID workspace, UUID id, String kind, JsonObject config, String version) {
        return SecretCipher.V2.equals(version) ? ConnectorSecrets.context(workspace, id, binding(kind, config))
                : ConnectorSecrets.context(workspace, id);
    }

    /** Seals a secret for this row and this destination (v2). */
    String seal(String secret, UUID workspace, UUID id, String kind, JsonObject config) {
        return secrets.seal(secret, contextOf(workspace, id, kind, config, SecretCipher.V2), SecretCipher.V2);
    }

    boolean isPlatformKey(String plain) {
        return plain != null && local.flowPiecesApiKey().filter(k -> !k.isEmpty())
                .map(k -> MessageDigest.isEqual(k.getBytes(StandardCharsets.UTF_8), plain.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }

    public Uni<ConnectorsAnswer> view(Caller caller) {
        return repository.list(caller.workspaceId()).map(rows -> Roles.isAdmin(caller.role())
                ? adminView(rows) : statusView(rows));
    }

    public Uni<ConnectorsAnswer> update(Caller caller, ConnectorsUpdate body) {
        Fields.body(body);
        Plan planned = plan(body);
        refusePlatformKey(planned);
        return withLocalProject(caller, planned).flatMap(plan -> apply(caller, plan));
    }

    /**
     * The local Flow Pieces gives each workspace its own project (external id pmos-<workspace>, made on first use)
     * and a key that opens that project only. The platform key that makes both stays on the server: it is read from
     * the configuration here and never stored in, or shown to, a workspace. A workspace that already has its local
     * project key keeps it.
     */
    private Uni<Plan> withLocalProject(Caller caller, Plan plan) {
        if (plan.flowPieces == null || !isLocal(plan.flowPieces.config)) {
            return Uni.createFrom().item(plan);
        }
        String url = plan.flowPieces.config.getString("url");
        return repository.list(caller.workspaceId()).flatMap(rows -> {
            ConnectorRecord existing = find(rows, ConnectorRecord.FLOW_PIECES, null);
            if (existing != null && existing.hasSecret() && isLocal(existing.config())
                    && url.equals(existing.setting("url")) && existing.setting("projectId") != null
                    && readable(existing)) {
                return Uni.createFrom().item(new Plan(new Planned(plan.flowPieces.name, existing.config(), null),
                        plan.mcp, plan.ai));
            }
            FlowPiecesTarget platform = new FlowPiecesTarget(url, local.flowPiecesApiKey().orElseThrow(), null, null,
                    null, "local-platform");
            return flowPieces.projectFor(platform, "pmos-" + caller.workspaceId(), "PMOS workspace " + caller.workspaceId())
                    .flatMap(project -> flowPieces.projectKey(platform, project)
                            .map(key -> new Plan(new Planned(plan.flowPieces.name,
                                    plan.flowPieces.config.copy().put("projectId", project), key), plan.mcp, plan.ai)))
                    .onFailure(FlowPiecesException.class).transform(e -> localProjectFailure((FlowPiecesException) e));
        });
    }

    /** The operator's outbound policy refusing the local address is a setting to change, not a failing service. */
    private static ApiException localProjectFailure(FlowPiecesException e) {
        if (AddressNotAllowedException.CODE.equals(e.code())) {
            return new ApiException(409, "The local Flow Pieces runs on an address this server's outbound address policy "
                    + "refuses. The operator can allow it with PMOS_OUTBOUND_ALLOW_PRIVATE=true, or enter the address of "
                    + "your own Flow Pieces.", Map.of(), e.code());
        }
        return new ApiException(502, "The local Flow Pieces could not give this workspace a project: " + e.getMessage(),
                Map.of(), e.code());
    }

    static boolean isLocal(JsonObject config) {
        return config != null && "local".equals(config.getString("preset"));
    }

    private boolean readable(ConnectorRecord r) {
        try {
            return secretOf(r) != null;
        } catch (SecretUnreadableException e) {
            return false;
        }
    }

    private Uni<ConnectorsAnswer> apply(Caller caller, Plan plan) {
        List<String> changes = new ArrayList<>();
        List<ConnectorRecord> changed = new ArrayList<>();
        return repository.inTransaction(tx -> repository.list(tx, caller.workspaceId(), true).flatMap(current -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    if (plan.flowPieces != null) {
                        ConnectorRecord existing = find(current, ConnectorRecord.FLOW_PIECES, null);
                        chain = chain.call(() -> apply(tx, caller.workspaceId(), existing, ConnectorRecord.FLOW_PIECES,
                                "flow-pieces", plan.flowPieces.config, plan.flowPieces.secret, changes, changed));
                    }
                    if (plan.ai != null) {
                        ConnectorRecord existing = find(current, ConnectorRecord.AI, null);
                        chain = chain.call(() -> apply(tx, caller.workspaceId(), existing, ConnectorRecord.AI, "ai",
                                plan.ai.config, plan.ai.secret, changes, changed));
                    }
                    if (plan.mcp != null) {
                        Set<String> keep = new HashSet<>();
                        for (Planned p : plan.mcp) {
                            keep.add(p.name);
                            ConnectorRecord existing = find(current, ConnectorRecord.MCP, p.name);
                            chain = chain.call(() -> apply(tx, caller.workspaceId(), existing, ConnectorRecord.MCP, p.name,
                                    p.config, p.secret, changes, changed));
                        }
                        for (ConnectorRecord r : current) {
                            if (r.kind().equals(ConnectorRecord.MCP) && !keep.contains(r.name())) {
                                changes.add("mcp:" + r.name() + " removed");
                                changed.add(r);
                                chain = chain.call(() -> repository.delete(tx, caller.workspaceId(), r.id()));
                            }
                        }
                    }
                    return chain;
                }))
                .invoke(() -> changed.forEach(r -> changeListeners.forEach(l -> l.accept(r))))
                .call(() -> changes.isEmpty() ? Uni.createFrom().voidItem()
                        : audit.record(AuditEntry.by(caller, "connector.update", AuditEntry.SUCCESS).with("changes", changes)))
                .flatMap(v -> view(caller));
    }

    private Uni<Void> apply(SqlClient tx, UUID workspace, ConnectorRecord existing, String kind, String name,
                            JsonObject config, String secret, List<String> changes, List<ConnectorRecord> changed) {
        String label = kind.equals(ConnectorRecord.MCP) ? "mcp:" + name : kind;
        if (existing == null) {
            UUID id = UUID.randomUUID();
            boolean hasSecret = secret != null && !secret.isEmpty();
            ConnectorRecord row = new ConnectorRecord(id, workspace, kind, name, config,
                    hasSecret ? seal(secret, workspace, id, kind, config) : null,
                    hasSecret ? SecretCipher.hint(secret) : null, null);
            changes.add(label + " added" + (hasSecret ? " with a secret" : ""));
            return repository.insert(tx, row);
        }
        boolean configChanged = !Objects.equals(existing.config(), config);
        if (secret == null && existing.hasSecret() && configChanged) {
            refuseRedirect(label, existing, config);
        }
        boolean secretChanged = secret != null && !(secret.isEmpty() && !existing.hasSecret())
                && (secret.isEmpty() || !secret.equals(readableSecret(existing)));
        if (!secretChanged && !configChanged) {
            return Uni.createFrom().voidItem();
        }
        String sealed = existing.secretCiphertext();
        String hint = existing.secretHint();
        boolean moved = !binding(kind, existing.config()).equals(binding(kind, config));
        if (secretChanged || moved && secret != null && !secret.isEmpty()) {
            // The same key entered again for a new destination is sealed again, bound to that destination.
            sealed = secret.isEmpty() ? null : seal(secret, workspace, existing.id(), kind, config);
            hint = secret.isEmpty() ? null : SecretCipher.hint(secret);
        } else if (sealed != null && !SecretCipher.V2.equals(SecretCipher.version(sealed))) {
            // A secret sealed before destinations were bound gets bound now (the destination did not change).
            String kept = readableSecret(existing);
            sealed = kept == null ? sealed : seal(kept, workspace, existing.id(), kind, config);
        }
        List<String> what = new ArrayList<>();
        if (configChanged) {
            for (String key : union(existing.config().fieldNames(), config.fieldNames())) {
                if (!Objects.equals(existing.config().getValue(key), config.getValue(key))) {
                    what.add(key);
                }
            }
        }
        if (secretChanged) {
            what.add(secret.isEmpty() ? "secret cleared" : "secret replaced");
        }
        changes.add(label + " changed: " + String.join(", ", what));
        changed.add(existing);
        return repository.update(tx, new ConnectorRecord(existing.id(), workspace, kind, name, config, sealed, hint, null), true);
    }

    static final String KEY_AGAIN = "The address or sign-in method changed: enter the key again — a saved key is only "
            + "sent to the address it was entered for.";
    static final String LOCAL_LOCKED = "This workspace uses the local Flow Pieces: its address, project and sign-in "
            + "method are set by the server. To use your own Flow Pieces, enter its address and your own key.";

    /**
     * A kept secret never follows a changed destination: a new address (scheme, host, port, MCP path), auth mode or
     * header name needs the key again. The local preset's project key is not the workspace's to move at all.
     */
    private static void refuseRedirect(String label, ConnectorRecord existing, JsonObject config) {
        if (isLocal(existing.config()) && !isLocal(config)) {
            throw new ApiException(400, LOCAL_LOCKED, Map.of(), "CONNECTOR_KEY_REQUIRED");
        }
        if (!binding(existing.kind(), existing.config()).equals(binding(existing.kind(), config))) {
            throw new ApiException(400, KEY_AGAIN.replace("The address", "For " + label(label) + ", the address"),
                    Map.of(), "CONNECTOR_KEY_REQUIRED");
        }
    }

    private static String label(String label) {
        return switch (label) {
            case ConnectorRecord.FLOW_PIECES -> "Flow Pieces";
            case ConnectorRecord.AI -> "the AI provider";
            default -> "MCP connection '" + label.substring(4) + "'";
        };
    }

    /** The stored secret, or null when it cannot be read any more (then any new secret replaces it). */
    private String readableSecret(ConnectorRecord r) {
        try {
            return secretOf(r);
        } catch (SecretUnreadableException e) {
            return null;
        }
    }

    /** The local Flow Pieces' platform key belongs to the server: no workspace may store it, whatever it claims. */
    private void refusePlatformKey(Plan plan) {
        List<Planned> all = new ArrayList<>();
        if (plan.flowPieces != null) {
            all.add(plan.flowPieces);
        }
        if (plan.ai != null) {
            all.add(plan.ai);
        }
        if (plan.mcp != null) {
            all.addAll(plan.mcp);
        }
        if (all.stream().anyMatch(p -> isPlatformKey(p.secret))) {
            throw ApiException.badRequest("This key is the server's own key for the local Flow Pieces; a workspace "
                    + "cannot use it. Pick the local Flow Pieces instead, or enter a key of your own Flow Pieces.");
        }
    }

    // ---- validation into a plan ----------------------------------------------------------------

    private record Planned(String name, JsonObject config, String secret) {
    }

    private record Plan(Planned flowPieces, List<Planned> mcp, Planned ai) {
    }

    private Plan plan(ConnectorsUpdate body) {
        Planned fp = body.flowPieces() == null ? null : flowPieces(body.flowPieces());
        Planned ai = body.ai() == null ? null : ai(body.ai());
        List<Planned> mcp = null;
        if (body.mcp() != null) {
            if (body.mcp().size() > MAX_MCP) {
                throw ApiException.badRequest("At most " + MAX_MCP + " MCP connections per workspace.");
            }
            mcp = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (McpInput in : body.mcp()) {
                if (in == null) {
                    throw ApiException.badRequest("Field 'mcp' must hold connection objects.");
                }
                Planned p = mcp(in);
                if (!names.add(p.name)) {
                    throw ApiException.badRequest("Two MCP connections are named '" + p.name + "'; names must differ.");
                }
                mcp.add(p);
            }
        }
        return new Plan(fp, mcp, ai);
    }

    private Planned flowPieces(FlowPiecesInput in) {
        if ("local".equals(in.preset())) {
            if (local.flowPiecesUrl().isEmpty() || local.flowPiecesApiKey().isEmpty()) {
                throw ApiException.badRequest("No local Flow Pieces runs next to this server; enter the address of yours.");
            }
            JsonObject c = new JsonObject().put("url", local.flowPiecesUrl().get()).put("authMode", "api_key")
                    .put("preset", "local");
            // The secret (this workspace's project key) is filled in by withLocalProject.
            return new Planned("flow-pieces", c, null);
        }
        if (in.preset() != null) {
            throw ApiException.badRequest("Field 'preset' may only be 'local'.");
        }
        String url = ConnectorInputs.url(in.url(), "url");
        String mode = ConnectorInputs.oneOf(in.authMode(), ConnectorInputs.FLOW_PIECES_AUTH, "authMode");
        JsonObject c = new JsonObject().put("url", url).put("authMode", mode);
        if (mode.equals("password")) {
            c.put("email", Fields.email(in.email()));
        }
        String project = ConnectorInputs.project(in.projectId(), mode.equals("api_key"));
        if (project != null) {
            c.put("projectId", project);
        }
        return new Planned("flow-pieces", c, ConnectorInputs.secret(in.secret()));
    }

    private Planned mcp(McpInput in) {
        String name = ConnectorInputs.name(in.name() == null ? LOCAL_MCP_NAME : in.name());
        if ("local".equals(in.preset())) {
            if (local.mcpUrl().isEmpty()) {
                throw ApiException.badRequest("No local MCP server runs next to this server; enter the address of yours.");
            }
            return new Planned(name, new JsonObject().put("url", local.mcpUrl().get()).put("authMode", "none")
                    .put("preset", "local"), "");
        }
        if (in.preset() != null) {
            throw ApiException.badRequest("Field 'preset' may only be 'local'.");
        }
        String url = ConnectorInputs.url(in.url(), "url");
        String mode = ConnectorInputs.oneOf(in.authMode(), ConnectorInputs.MCP_AUTH, "authMode");
        JsonObject c = new JsonObject().put("url", url).put("authMode", mode);
        if (mode.equals("header")) {
            c.put("headerName", ConnectorInputs.header(in.headerName()));
        }
        String identity = ConnectorInputs.optionalText(in.identityTool(), "identityTool", 128);
        if (identity != null) {
            c.put("identityTool", identity);
        }
        String secret = ConnectorInputs.secret(in.secret());
        return new Planned(name, c, mode.equals("none") ? "" : secret);
    }

    private Planned ai(AiInput in) {
        AiProvider provider = ConnectorInputs.provider(in.provider());
        JsonObject c = new JsonObject().put("provider", provider.id());
        if (provider.needsModel()) {
            String model = ConnectorInputs.optionalText(in.model(), "model", 200);
            if (model == null) {
                throw ApiException.badRequest("Field 'model' is required for " + provider.id() + " (e.g. "
                        + switch (provider) {
                    case OPENAI, OPENAI_COMPATIBLE -> "gpt-4o-mini";
                    case ANTHROPIC -> "claude-sonnet-4-5";
                    case GEMINI -> "gemini-2.0-flash";
                    default -> "llama3.2";
                } + ").");
            }
            c.put("model", model);
        }
        if (provider == AiProvider.OPENAI_COMPATIBLE || in.baseUrl() != null && !in.baseUrl().isBlank()) {
            c.put("baseUrl", ConnectorInputs.url(in.baseUrl(), "baseUrl"));
        }
        return new Planned("ai", c, provider == AiProvider.BUILTIN ? "" : ConnectorInputs.secret(in.secret()));
    }

    // ---- views ---------------------------------------------------------------------------------

    private ConnectorsAnswer adminView(List<ConnectorRecord> rows) {
        FlowPiecesView fp = null;
        AiView ai = null;
        List<McpView> mcp = new ArrayList<>();
        for (ConnectorRecord r : rows) {
            JsonObject c = r.config();
            switch (r.kind()) {
                case ConnectorRecord.FLOW_PIECES -> fp = new FlowPiecesView(c.getString("url"), c.getString("authMode"),
                        c.getString("email"), c.getString("projectId"), secretView(r), lastTest(r));
                case ConnectorRecord.AI -> ai = new AiView(c.getString("provider"), c.getString("model"),
                        c.getString("baseUrl"), secretView(r), lastTest(r));
                default -> mcp.add(new McpView(r.name(), c.getString("url"), c.getString("authMode"),
                        c.getString("headerName"), c.getString("identityTool"), secretView(r), lastTest(r)));
            }
        }
        Map<String, LocalChoice> choices = new LinkedHashMap<>();
        local.flowPiecesUrl().ifPresent(u -> choices.put("flowPieces", new LocalChoice("local", u)));
        local.mcpUrl().ifPresent(u -> choices.put("mcp", new LocalChoice("local", u)));
        return new ConnectorsAnswer(true, true, fp, mcp, ai, choices, null);
    }

    private ConnectorsAnswer statusView(List<ConnectorRecord> rows) {
        List<StatusView> status = new ArrayList<>();
        for (String kind : List.of(ConnectorRecord.FLOW_PIECES, ConnectorRecord.MCP, ConnectorRecord.AI)) {
            rows.stream().filter(r -> r.kind().equals(kind)).forEach(r -> {
                JsonObject t = r.lastTest();
                String state = ConnectorChecks.state(t);
                status.add(new StatusView(ConnectorChecks.label(r), kind, true,
                        state == null ? null : state.equals(ConnectorChecks.PASSED), state,
                        t == null ? null : t.getLong("checkedAtMs")));
            });
        }
        return new ConnectorsAnswer(true, false, null, null, null, null, status);
    }

    private static SecretView secretView(ConnectorRecord r) {
        return new SecretView(r.hasSecret(), r.hasSecret() ? SecretCipher.mask(r.secretHint()) : null);
    }

    private static Object lastTest(ConnectorRecord r) {
        return Jsons.plain(r.lastTest());
    }

    private static ConnectorRecord find(List<ConnectorRecord> rows, String kind, String name) {
        return rows.stream().filter(r -> r.kind().equals(kind) && (name == null || r.name().equals(name)))
                .findFirst().orElse(null);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
