package io.pmos.health;

import io.pmos.testing.FaultProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** Test profile and resource: PMOS reaches the test PostgreSQL only through a {@link FaultProxy} the test can cut. */
public class DatabaseThroughFaultProxy implements QuarkusTestProfile {

    /** The proxy of the running application; set before it starts. */
    static volatile FaultProxy proxy;

    /** The proxy of the running application, for fault tests of other capabilities. */
    public static FaultProxy proxy() {
        return proxy;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    /** Starts the proxy and points both datasource URLs at it. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            String host = System.getenv().getOrDefault("PMOS_DB_HOST", "127.0.0.1");
            int port = Integer.parseInt(System.getenv().getOrDefault("PMOS_DB_PORT", "5432"));
            String db = System.getenv().getOrDefault("PMOS_TEST_DB_NAME", "pmos_test");
            proxy = FaultProxy.to(host, port);
            String address = "127.0.0.1:" + proxy.port() + "/" + db;
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://" + address,
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + address);
        }

        @Override
        public void stop() {
            if (proxy != null) {
                proxy.close();
            }
        }
    }
}
