package io.pmos.chat;

import io.pmos.connectors.ConnectorRecord;
import io.pmos.connectors.ConnectorService;
import io.pmos.identity.Tokens;
import io.pmos.secrets.SecretCipher;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in what chat stores (messages, run transcripts, the trace): strings shaped like well-known keys
 * (sk-…, xox…-…, ghp_…, github_pat_…, AKIA…, Bearer …) and any value equal to one of the workspace's stored connector
 * secrets, shown as the app shows secrets (•••• and the last four characters of long ones). The clear secrets are
 * kept per workspace and opened again only when the workspace's stored ciphertexts changed.
 */
@ApplicationScoped
public class ChatSecrets {

    private static final Logger LOG = Logger.getLogger(ChatSecrets.class);
    private static final int MAX_WORKSPACES = 1000;
    /** Stored secrets shorter than this are not searched for: they would mask ordinary words. */
    static final int MIN_STORED_SECRET = 8;
    private static final Pattern SHAPED = Pattern.compile(String.join("|",
            "(?<![A-Za-z0-9])sk-[A-Za-z0-9_\\-]{16,}",
            "(?<![A-Za-z0-9])sk_(?:live|test)_[A-Za-z0-9]{16,}",
            "(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9\\-]{8,}",
            "(?<![A-Za-z0-9])ghp_[A-Za-z0-9]{20,}",
            "(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{20,}",
            "(?<![A-Za-z0-9])AIza[A-Za-z0-9_\\-]{30,}",
            "(?<![A-Za-z0-9])AKIA[0-9A-Z]{16}(?![A-Za-z0-9])"));
    /** The token after "Bearer": 8+ token characters with a digit, or 20+ (so "bearer responsibilities" stays). */
    private static final Pattern BEARER = Pattern.compile(
            "(?i)(bearer\\s+)((?=[A-Za-z0-9._~+/=\\-]*[0-9])[A-Za-z0-9._~+/=\\-]{8,}|[A-Za-z0-9._~+/=\\-]{20,})");

    private record Known(String fingerprint, List<String> secrets) {
    }

    private final ConnectorService connectors;
    private final Map<UUID, Known> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Known> eldest) {
            return size() > MAX_WORKSPACES;
        }
    };

    public ChatSecrets(ConnectorService connectors) {
        this.connectors = connectors;
        // A changed connector is read again at once (the fingerprint also catches changes made by another instance).
        connectors.onChange(r -> refresh(r.workspaceId()).subscribe().with(v -> { }, e -> { }));
    }

    /** Makes sure the workspace's stored secrets are known; opens them only when their ciphertexts changed. */
    public Uni<Void> refresh(UUID workspace) {
        return connectors.records(workspace).invoke(rows -> {
            StringBuilder print = new StringBuilder();
            rows.stream().filter(ConnectorRecord::hasSecret).forEach(r -> print.append(r.id()).append(':')
                    .append(r.secretCiphertext()).append('\n'));
            String fingerprint = Tokens.hash(print.toString());
            synchronized (known) {
                Known current = known.get(workspace);
                if (current != null && current.fingerprint().equals(fingerprint)) {
                    return;
                }
            }
            List<String> secrets = new ArrayList<>();
            for (ConnectorRecord r : rows) {
                if (!r.hasSecret()) {
                    continue;
                }
                try {
                    String clear = connectors.secretOf(r);
                    if (clear != null && clear.length() >= MIN_STORED_SECRET) {
                        secrets.add(clear);
                    }
                } catch (RuntimeException e) {
                    LOG.debugf("A stored secret of %s could not be opened to mask it in chat", r);
                }
            }
            secrets.sort(Comparator.comparingInt(String::length).reversed());
            synchronized (known) {
                known.put(workspace, new Known(fingerprint, List.copyOf(secrets)));
            }
        }).replaceWithVoid();
    }

    /** The text with every secret masked (the workspace's stored secrets as of the last refresh). */
    public String mask(UUID workspace, String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        Known k;
        synchronized (known) {
            k = known.get(workspace);
        }
        if (k != null) {
            for (String secret : k.secrets()) {
                if (out.contains(secret)) {
                    out = out.replace(secret, masked(secret));
                }
            }
        }
        return shaped(out);
    }

    /** A JSON value with every string in it masked (keys stay). */
    public JsonObject mask(UUID workspace, JsonObject value) {
        return value == null ? null : (JsonObject) maskValue(workspace, value);
    }

    /** A tool call's arguments (JSON text): masked value by value when it parses, else as text. */
    public String maskArguments(UUID workspace, String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return arguments;
        }
        try {
            return mask(workspace, new JsonObject(arguments)).encode();
        } catch (RuntimeException notAnObject) {
            return mask(workspace, arguments);
        }
    }

    private Object maskValue(UUID workspace, Object value) {
        if (value instanceof JsonObject o) {
            JsonObject copy = new JsonObject();
            o.forEach(e -> copy.put(e.getKey(), maskValue(workspace, e.getValue())));
            return copy;
        }
        if (value instanceof JsonArray a) {
            JsonArray copy = new JsonArray();
            a.forEach(v -> copy.add(maskValue(workspace, v)));
            return copy;
        }
        return value instanceof String s ? mask(workspace, s) : value;
    }

    /** Only the well-known key shapes (no workspace needed), e.g. for the trace as a last line of defence. */
    public static String shaped(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher bearer = BEARER.matcher(text);
        String out = bearer.find() ? bearer.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + masked(m.group(2)))) : text;
        Matcher m = SHAPED.matcher(out);
        return m.find() ? m.replaceAll(r -> Matcher.quoteReplacement(masked(r.group()))) : out;
    }

    static String masked(String secret) {
        return SecretCipher.mask(SecretCipher.hint(secret));
    }
}
