package io.pmos.net;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy itself: which URLs it refuses, with which words, where it resolves, and what it hands on to connect to. */
class OutboundPolicyTest {

    /** The attack URLs of the review: metadata, its IPv4-mapped and integer spellings, unspecified, loopback, private. */
    static final List<String> ATTACKS = List.of(
            "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[fd00:ec2::254]/",
            "http://0.0.0.0:8080/",
            "http://2852039166/",
            "http://0xa9fea9fe/",
            "http://0251.0376.0251.0376/",
            "http://169.254.169.254./",
            "http://[fe80::1]/",
            "http://224.0.0.1/",
            "http://localhost:9911/",
            "http://LOCALHOST.:9911/",
            "http://127.0.0.1:9911/",
            "http://127.1:9911/",
            "http://[::1]:9911/",
            "http://10.0.0.1/",
            "http://172.16.5.4/",
            "http://192.168.0.1/",
            "http://100.64.0.1/",
            "http://[fd12::1]/");

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void everyRefusedAddressGetsTheSameOnePlainAnswer() {
        OutboundPolicy strict = new OutboundPolicy(vertx, false);
        List<String> messages = new ArrayList<>();
        for (String url : ATTACKS) {
            AddressNotAllowedException e = assertThrows(AddressNotAllowedException.class, () -> strict.vetBlocking(url), url);
            messages.add(e.getMessage());
        }
        assertTrue(messages.stream().allMatch(AddressNotAllowedException.MESSAGE::equals), messages.toString());
        String m = AddressNotAllowedException.MESSAGE.toLowerCase();
        for (String leak : List.of("169", "127", "metadata", "loopback", "private", "refused", "open", "closed", "port")) {
            assertFalse(m.contains(leak), "the message must not tell targets apart: " + leak);
        }
    }

    @Test
    void privateAddressesAreRefusedUnlessTheOperatorSaysOtherwise() throws Exception {
        io.smallrye.config.WithDefault byDefault = io.pmos.config.PmosConfig.Outbound.class.getMethod("allowPrivate")
                .getAnnotation(io.smallrye.config.WithDefault.class);
        assertEquals("false", byDefault.value(), "a deployment that sets nothing must not reach loopback or private ranges");
    }

    @Test
    void aNameResolvingToARefusedAddressIsRefusedLikeTheAddress() throws Exception {
        String host = InetAddress.getLocalHost().getHostName();
        InetAddress[] all = InetAddress.getAllByName(host);
        org.junit.jupiter.api.Assumptions.assumeTrue(java.util.Arrays.stream(all)
                .allMatch(a -> OutboundAddresses.classify(a).needsPrivate()), "this host's name resolves to a public address");
        AddressNotAllowedException e = assertThrows(AddressNotAllowedException.class,
                () -> new OutboundPolicy(vertx, false).vetBlocking("http://" + host + ":9911/"));
        assertEquals(AddressNotAllowedException.MESSAGE, e.getMessage());
    }

    @Test
    void everyAddressOfANameIsChecked() {
        Map<String, InetAddress[]> dns = Map.of("mixed.test", new InetAddress[]{ip("93.184.216.34"), ip("169.254.169.254")},
                "mapped.test", new InetAddress[]{ip("::ffff:127.0.0.1")});
        OutboundPolicy lenient = new OutboundPolicy(vertx, true, dns::get);
        assertThrows(AddressNotAllowedException.class, () -> lenient.vetBlocking("https://mixed.test/v1"));
        OutboundPolicy strict = new OutboundPolicy(vertx, false, dns::get);
        assertThrows(AddressNotAllowedException.class, () -> strict.vetBlocking("https://mapped.test/v1"));
    }

    @Test
    void allowingPrivateNeverAllowsLinkLocalMetadataOrUnspecified() throws Exception {
        OutboundPolicy lenient = new OutboundPolicy(vertx, true);
        for (String url : List.of("http://169.254.169.254/", "http://[::ffff:169.254.169.254]/", "http://[fd00:ec2::254]/",
                "http://0.0.0.0/", "http://2852039166/", "http://0xa9fea9fe/", "http://[fe80::1]/", "http://255.255.255.255/")) {
            assertThrows(AddressNotAllowedException.class, () -> lenient.vetBlocking(url), url);
        }
        assertEquals(ip("127.0.0.1"), lenient.vetBlocking("http://127.0.0.1:8081/").address());
        assertTrue(OutboundAddresses.classify(lenient.vetBlocking("http://localhost:8081/").address()).needsPrivate());
        assertEquals(ip("10.0.0.1"), lenient.vetBlocking("http://10.0.0.1/").address());
    }

    @Test
    void theCheckedAddressIsHandedOnWithoutItsNameSoNothingLooksItUpAgain() throws Exception {
        OutboundPolicy lenient = new OutboundPolicy(vertx, true, host -> new InetAddress[]{
                InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1})});
        Vetted v = lenient.vetBlocking("https://svc.test:8443/mcp");
        assertEquals("svc.test", v.host());
        assertEquals(8443, v.port());
        assertEquals("127.0.0.1", v.server().hostAddress());
        assertNull(v.server().hostName(), "a server address with a name would be resolved again by Vert.x");
        assertEquals(443, lenient.vetBlocking("https://svc.test/").port());
        assertEquals(80, lenient.vetBlocking("http://svc.test/").port());
    }

    @Test
    void resolutionRunsOnAWorkerThreadNotTheEventLoop() throws Exception {
        AtomicReference<Thread> resolvedOn = new AtomicReference<>();
        OutboundPolicy policy = new OutboundPolicy(vertx, true, host -> {
            resolvedOn.set(Thread.currentThread());
            return new InetAddress[]{ip("127.0.0.1")};
        });
        var context = vertx.getOrCreateContext();
        var done = new java.util.concurrent.CompletableFuture<Thread>();
        context.runOnContext(v -> policy.vet(context, "http://svc.test/").onComplete(ar -> done.complete(Thread.currentThread())));
        Thread completedOn = done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(resolvedOn.get().getName().contains("eventloop"), resolvedOn.get().getName());
        assertTrue(completedOn.getName().contains("eventloop"), "answers on the caller's context: " + completedOn.getName());
    }

    @Test
    void savingSettingsRefusesLiteralsButLooksNoNameUp() {
        OutboundPolicy strict = new OutboundPolicy(vertx, false, host -> {
            throw new AssertionError("no lookup when settings are saved");
        });
        for (String url : ATTACKS) {
            assertThrows(AddressNotAllowedException.class, () -> strict.refuseLiteral(url), url);
        }
        assertDoesNotThrow(() -> strict.refuseLiteral("https://flow.example.com"));
        assertDoesNotThrow(() -> strict.refuseLiteral(null));
        OutboundPolicy lenient = new OutboundPolicy(vertx, true);
        assertDoesNotThrow(() -> lenient.refuseLiteral("http://127.0.0.1:8081"));
        assertDoesNotThrow(() -> lenient.refuseLiteral("http://localhost:8081"));
        assertThrows(AddressNotAllowedException.class, () -> lenient.refuseLiteral("http://[::ffff:169.254.169.254]/"));
        assertThrows(AddressNotAllowedException.class, () -> lenient.refuseLiteral("http://2852039166/"));
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
