package io.pmos.common;

import io.pmos.health.HealthResource;
import io.pmos.identity.AuthResource;
import io.pmos.shell.ShellResource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint states its roles on the method itself: @RolesAllowed, or @PermitAll for public ones. */
class EndpointRolesDeclaredTest {

    /** Every JAX-RS resource class of the application, found on disk so a new one cannot be forgotten. */
    static List<Class<?>> resources() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of(AuthResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, EndpointRolesDeclaredTest.class.getClassLoader());
                if (type.isAnnotationPresent(Path.class)) {
                    out.add(type);
                }
            }
        }
        return out;
    }

    @Test
    void everyEndpointMethodNamesItsRoles() throws Exception {
        List<String> missing = new ArrayList<>();
        int endpoints = 0;
        List<Class<?>> resources = resources();
        assertTrue(resources.contains(ShellResource.class) && resources.contains(HealthResource.class), resources.toString());
        for (Class<?> type : resources) {
            for (Method m : type.getDeclaredMethods()) {
                if (!isEndpoint(m)) {
                    continue;
                }
                endpoints++;
                if (!m.isAnnotationPresent(RolesAllowed.class) && !m.isAnnotationPresent(PermitAll.class)) {
                    missing.add(type.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertTrue(endpoints >= 20, "expected to find the endpoints, found " + endpoints);
        assertTrue(missing.isEmpty(), "endpoints without a role declaration: " + missing);
    }

    private static boolean isEndpoint(Method m) {
        for (Annotation a : m.getAnnotations()) {
            if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }
}
