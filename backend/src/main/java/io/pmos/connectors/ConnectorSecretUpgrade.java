package io.pmos.connectors;

import io.pmos.config.PmosConfig;
import io.pmos.flowpieces.FlowPiecesClient;
import io.pmos.flowpieces.FlowPiecesTarget;
import io.pmos.secrets.SecretCipher;
import io.pmos.secrets.SecretUnreadableException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Brings secrets stored by earlier releases up to today's rules at start-up (expand-then-contract: the previous
 * release can still read v1 rows, and this one reads both):
 * <ul>
 *   <li>a v1 secret (bound to its row only) is sealed again as v2, bound to the destination its row holds now;</li>
 *   <li>a workspace row holding the local Flow Pieces' platform key (the old "local" preset) gets its own project
 *   key instead when it still points at the local Flow Pieces with the preset, and loses the key otherwise.</li>
 * </ul>
 * Every change is conditional on the ciphertext read, so concurrent instances and edits are never overwritten.
 */
@ApplicationScoped
public class ConnectorSecretUpgrade {

    private static final Logger LOG = Logger.getLogger(ConnectorSecretUpgrade.class);

    private final ConnectorRepository repository;
    private final ConnectorService connectors;
    private final FlowPiecesClient flowPieces;
    private final PmosConfig.Local local;

    public ConnectorSecretUpgrade(ConnectorRepository repository, ConnectorService connectors,
                                  FlowPiecesClient flowPieces, PmosConfig config) {
        this.repository = repository;
        this.connectors = connectors;
        this.flowPieces = flowPieces;
        this.local = config.local();
    }

    void onStart(@Observes StartupEvent event) {
        upgrade().subscribe().with(n -> {
            if (n > 0) {
                LOG.infof("Secrets: %d stored connector secret(s) upgraded (bound to their destination)", n);
            }
        }, e -> LOG.warnf("Secrets: upgrading stored connector secrets did not finish: %s", e.getMessage()));
    }

    /** Upgrades every row that needs it; answers how many rows changed. */
    public Uni<Integer> upgrade() {
        return repository.allWithSecrets().flatMap(rows -> Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(this::upgrade)
                .collect().asList().map(changed -> (int) changed.stream().filter(Boolean::booleanValue).count()));
    }

    private Uni<Boolean> upgrade(ConnectorRecord r) {
        String stored = r.secretCiphertext();
        String version = SecretCipher.version(stored);
        String plain;
        try {
            plain = connectors.openAny(r);
        } catch (SecretUnreadableException e) {
            return Uni.createFrom().item(false);
        }
        if (connectors.isPlatformKey(plain)) {
            return replacePlatformKey(r);
        }
        if (SecretCipher.V2.equals(version)) {
            return Uni.createFrom().item(false);
        }
        ConnectorRecord bound = new ConnectorRecord(r.id(), r.workspaceId(), r.kind(), r.name(), r.config(),
                connectors.seal(plain, r.workspaceId(), r.id(), r.kind(), r.config()), r.secretHint(), r.lastTest());
        return repository.replaceSecret(bound, stored, false);
    }

    private Uni<Boolean> replacePlatformKey(ConnectorRecord r) {
        String stored = r.secretCiphertext();
        ConnectorRecord cleared = new ConnectorRecord(r.id(), r.workspaceId(), r.kind(), r.name(), r.config(), null, null, null);
        boolean stillLocal = r.kind().equals(ConnectorRecord.FLOW_PIECES) && ConnectorService.isLocal(r.config())
                && local.flowPiecesUrl().isPresent() && local.flowPiecesUrl().get().equals(r.setting("url"));
        if (!stillLocal) {
            LOG.warnf("Secrets: %s held the local Flow Pieces platform key for another address; the key was removed", r);
            return repository.replaceSecret(cleared, stored, true).invoke(ok -> connectors.changed(r));
        }
        FlowPiecesTarget platform = new FlowPiecesTarget(r.setting("url"), local.flowPiecesApiKey().orElseThrow(),
                null, null, null, "local-platform");
        return flowPieces.projectFor(platform, "pmos-" + r.workspaceId(), "PMOS workspace " + r.workspaceId())
                .flatMap(project -> flowPieces.projectKey(platform, project).map(key -> {
                    var config = r.config().copy().put("projectId", project);
                    return new ConnectorRecord(r.id(), r.workspaceId(), r.kind(), r.name(), config,
                            connectors.seal(key, r.workspaceId(), r.id(), r.kind(), config), SecretCipher.hint(key), null);
                }))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Secrets: %s held the local Flow Pieces platform key and no project key could be made "
                            + "(%s); the key was removed: pick the local Flow Pieces again in Setup", r, e.getMessage());
                    return cleared;
                })
                .flatMap(next -> repository.replaceSecret(next, stored, true))
                .invoke(ok -> connectors.changed(r));
    }
}
