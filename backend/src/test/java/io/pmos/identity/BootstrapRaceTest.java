package io.pmos.identity;

import io.pmos.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.pmos.TestSupport.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class BootstrapRaceTest {

    @Test
    void twentyConcurrentFirstSignupsMakeExactlyOneSuperAdmin() throws Exception {
        TestSupport.resetDatabase();
        int n = 20;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            results.add(pool.submit(() -> {
                start.await();
                return TestSupport.signup("Racer " + k, "racer" + k + "@example.com");
            }));
        }
        start.countDown();
        int superAdmins = 0;
        for (Future<Response> f : results) {
            Response r = f.get();
            assertEquals(200, r.statusCode(), r.asString());
            if ("super_admin".equals(r.jsonPath().getString("user.role"))) {
                superAdmins++;
            }
        }
        pool.shutdown();
        assertEquals(1, superAdmins);
        assertEquals(1, count("SELECT count(*) FROM memberships WHERE role = 'super_admin'"));
        assertEquals(n - 1, count("SELECT count(*) FROM memberships WHERE role = 'workspace_admin'"));
        assertEquals(n, count("SELECT count(*) FROM workspaces"));
    }

    @Test
    void concurrentSignupsWithOneEmailCreateOneAccount() throws Exception {
        TestSupport.resetDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(pool.submit(() -> {
                start.await();
                return TestSupport.signup("Same Person", "same@example.com").statusCode();
            }));
        }
        start.countDown();
        int ok = 0;
        int conflict = 0;
        for (Future<Integer> f : codes) {
            int code = f.get();
            if (code == 200) {
                ok++;
            } else if (code == 409) {
                conflict++;
            }
        }
        pool.shutdown();
        assertEquals(1, ok);
        assertEquals(4, conflict);
        assertEquals(1, count("SELECT count(*) FROM users"));
    }
}
