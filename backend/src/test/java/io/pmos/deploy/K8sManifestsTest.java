package io.pmos.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** infra/k8s checked against the app: ports, probe paths on the management port, and every PMOS_* name it sets. */
@QuarkusTest
class K8sManifestsTest {

    private static final Path K8S = Path.of("../infra/k8s");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{(PMOS_[A-Z0-9_]+)(?::([^}]*))?}");
    private static final Pattern README_ROW = Pattern.compile("^\\| `(PMOS_[A-Z0-9_]+)`", Pattern.MULTILINE);

    private static Map<String, JsonNode> byKind;
    private static List<JsonNode> all;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @BeforeAll
    static void readManifests() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        all = new ArrayList<>();
        byKind = new HashMap<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode doc = yaml.readTree(file.toFile());
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    byKind.put("Kustomization", doc);
                    continue;
                }
                assertNotNull(doc.get("kind"), file + " has no kind");
                all.add(doc);
                byKind.put(doc.get("kind").asText(), doc);
            }
        }
    }

    @Test
    void kustomizationListsEveryManifestButTheSecretTemplateAndTheMigrationJob() throws IOException {
        Set<String> listed = new TreeSet<>();
        byKind.get("Kustomization").get("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(K8S)) {
            s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !List.of("kustomization.yaml", "secret.yaml", "migrate-job.yaml").contains(n)).forEach(files::add);
        }
        assertEquals(files, listed);
    }

    @Test
    void containerPortsAreTheConfiguredPorts() throws IOException {
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        String httpPort = defaultOf(properties, "quarkus.http.port");
        String managementPort = defaultOf(properties, "quarkus.management.port");
        JsonNode container = container(byKind.get("Deployment"));
        assertEquals(httpPort, portNamed(container, "http"));
        assertEquals(managementPort, portNamed(container, "management"));
        JsonNode config = byKind.get("ConfigMap").get("data");
        assertEquals(httpPort, config.get("PMOS_HTTP_PORT").asText());
        assertEquals(managementPort, config.get("PMOS_MANAGEMENT_PORT").asText());
        Map<String, String> servicePorts = new HashMap<>();
        byKind.get("Service").at("/spec/ports").forEach(p -> servicePorts.put(p.get("name").asText(), p.get("port").asText()));
        assertEquals(Map.of("http", httpPort, "management", managementPort), servicePorts);
        // the Ingress reaches the public port only, never /q/*
        JsonNode backend = byKind.get("Ingress").at("/spec/rules/0/http/paths/0/backend/service/port/name");
        assertEquals("http", backend.asText());
    }

    @Test
    void probesUseTheManagementPortAndPathsThatAnswerThere() {
        JsonNode container = container(byKind.get("Deployment"));
        String base = "http://localhost:" + management.getPort();
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode get = container.get(probe).get("httpGet");
            assertNotNull(get, probe + " is missing");
            assertEquals("management", get.get("port").asText(), probe + " must use the management port");
            RestAssured.get(base + get.get("path").asText()).then().statusCode(200).body("status", equalTo("UP"));
            RestAssured.get(get.get("path").asText()).then().statusCode(404); // and not on the public port
        }
    }

    @Test
    void everyEnvironmentNameSetIsOneTheAppReads() throws IOException {
        Set<String> known = new TreeSet<>();
        Matcher m = ENV_REFERENCE.matcher(Files.readString(Path.of("src/main/resources/application.properties")));
        while (m.find()) known.add(m.group(1));
        Matcher rows = README_ROW.matcher(Files.readString(Path.of("../README.md")));
        while (rows.find()) known.add(rows.group(1));
        Set<String> set = new TreeSet<>();
        for (JsonNode doc : all) {
            String kind = doc.get("kind").asText();
            if (kind.equals("ConfigMap") || kind.equals("Secret")) {
                doc.path("data").fieldNames().forEachRemaining(set::add);
                doc.path("stringData").fieldNames().forEachRemaining(set::add);
            }
            doc.findValues("env").forEach(env -> env.forEach(e -> set.add(e.get("name").asText())));
        }
        set.removeAll(known);
        assertTrue(set.isEmpty(), "names the app does not read: " + set);
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootWithSecretsFromTheSecret() {
        for (JsonNode workload : List.of(byKind.get("Deployment"), byKind.get("Job"))) {
            JsonNode pod = workload.at("/spec/template/spec");
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
            assertEquals(10001, pod.at("/securityContext/runAsUser").asInt()); // the image's user (infra/image)
            JsonNode container = container(workload);
            assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
            assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
            assertEquals("/tmp", container.at("/volumeMounts/0/mountPath").asText());
            assertTrue(pod.at("/volumes/0/emptyDir").isObject());
            for (String secret : List.of("PMOS_SECRET_KEY", "PMOS_DB_PASSWORD")) {
                JsonNode ref = envNamed(container, secret).at("/valueFrom/secretKeyRef");
                assertEquals("pmos-secrets", ref.get("name").asText(), secret + " must come from the Secret");
                assertFalse(byKind.get("ConfigMap").get("data").has(secret), secret + " must not be in the ConfigMap");
            }
            assertTrue(container.at("/resources/requests/memory").isTextual());
            assertTrue(container.at("/resources/limits/memory").isTextual());
        }
        assertEquals("true", envNamed(container(byKind.get("Job")), "PMOS_MIGRATE_ONLY").get("value").asText());
    }

    @Test
    void replicasDisruptionBudgetAutoscalerAndStickyFreeIngress() {
        assertTrue(byKind.get("Deployment").at("/spec/replicas").asInt() >= 2);
        assertEquals(0, byKind.get("Deployment").at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1));
        assertEquals(1, byKind.get("PodDisruptionBudget").at("/spec/minAvailable").asInt());
        JsonNode hpa = byKind.get("HorizontalPodAutoscaler");
        assertTrue(hpa.at("/spec/minReplicas").asInt() >= 2);
        assertEquals("pmos", hpa.at("/spec/scaleTargetRef/name").asText());
        JsonNode annotations = byKind.get("Ingress").at("/metadata/annotations");
        assertEquals("", annotations.get("nginx.ingress.kubernetes.io/affinity").asText());
        assertTrue(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout").asInt() >= 3600);
        assertTrue(annotations.get("nginx.ingress.kubernetes.io/proxy-send-timeout").asInt() >= 3600);
        JsonNode selector = byKind.get("Service").at("/spec/selector");
        selector.fields().forEachRemaining(s -> assertEquals(s.getValue().asText(),
                byKind.get("Deployment").at("/spec/template/metadata/labels").path(s.getKey()).asText(),
                "Service selector " + s.getKey() + " must match the pods"));
    }

    private static String defaultOf(String properties, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=\\$\\{PMOS_[A-Z_]+:(\\d+)}").matcher(properties);
        assertTrue(m.find(), key + " not found in application.properties");
        return m.group(1);
    }

    private static JsonNode container(JsonNode workload) {
        JsonNode containers = workload.at("/spec/template/spec/containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static String portNamed(JsonNode container, String name) {
        for (JsonNode p : container.get("ports")) if (p.get("name").asText().equals(name)) return p.get("containerPort").asText();
        throw new AssertionError("no container port named " + name);
    }

    private static JsonNode envNamed(JsonNode container, String name) {
        for (JsonNode e : container.get("env")) if (e.get("name").asText().equals(name)) return e;
        throw new AssertionError("no env " + name);
    }
}
