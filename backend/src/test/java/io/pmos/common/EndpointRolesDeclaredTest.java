package io.pmos.common;

import io.pmos.admin.AdminResource;
import io.pmos.audit.AuditResource;
import io.pmos.health.HealthResource;
import io.pmos.identity.AuthResource;
import io.pmos.shell.ShellResource;
import io.pmos.workspace.WorkspaceResource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint states its roles on the method itself: @RolesAllowed, or @PermitAll for public ones. */
class EndpointRolesDeclaredTest {

    static final List<Class<?>> RESOURCES = List.of(AuthResource.class, WorkspaceResource.class, AdminResource.class,
            AuditResource.class, ShellResource.class, HealthResource.class);

    @Test
    void everyEndpointMethodNamesItsRoles() {
        List<String> missing = new ArrayList<>();
        int endpoints = 0;
        for (Class<?> type : RESOURCES) {
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
