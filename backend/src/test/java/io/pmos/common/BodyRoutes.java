package io.pmos.common;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every state-changing route of the application, found by scanning the JAX-RS resources (as the roles test does). */
final class BodyRoutes {

    /** One route: method, path template ({@code /api/pmos/flows/{id}/runs}) and the body's declared type, or null. */
    record Route(String method, String path, Type body, String resourceMethod) {

        Class<?> bodyClass() {
            return body instanceof Class<?> c ? c : body == null ? null
                    : (Class<?>) ((java.lang.reflect.ParameterizedType) body).getRawType();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private BodyRoutes() {
    }

    /** POST, PUT and PATCH routes (DELETE too when asked), sorted so a seeded run is the same every time. */
    static List<Route> scan(boolean withDelete) throws Exception {
        List<Route> out = new ArrayList<>();
        for (Class<?> type : EndpointRolesDeclaredTest.resources()) {
            String base = type.getAnnotation(Path.class).value();
            for (Method m : type.getDeclaredMethods()) {
                String verb = m.isAnnotationPresent(POST.class) ? "POST" : m.isAnnotationPresent(PUT.class) ? "PUT"
                        : m.isAnnotationPresent(PATCH.class) ? "PATCH"
                        : withDelete && m.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String path = (base + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                out.add(new Route(verb, path, bodyType(m), type.getSimpleName() + "." + m.getName()));
            }
        }
        out.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        return out;
    }

    /** GET routes with the names of their query parameters (for the query and path part of the fuzz). */
    static Map<String, List<String>> gets() throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        for (Class<?> type : EndpointRolesDeclaredTest.resources()) {
            String base = type.getAnnotation(Path.class).value();
            for (Method m : type.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(GET.class)) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String path = (base + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/")
                        .replaceAll("\\{(\\w+):[^}]*}", "{$1}");
                List<String> query = new ArrayList<>();
                for (Parameter p : m.getParameters()) {
                    if (p.isAnnotationPresent(QueryParam.class)) {
                        query.add(p.getAnnotation(QueryParam.class).value());
                    }
                }
                out.put(path, query);
            }
        }
        return out;
    }

    /** The entity parameter: the one parameter without a JAX-RS or context annotation. */
    private static Type bodyType(Method m) {
        Parameter[] params = m.getParameters();
        for (int i = 0; i < params.length; i++) {
            boolean annotated = false;
            for (Annotation a : params[i].getAnnotations()) {
                String pkg = a.annotationType().getPackageName();
                annotated |= pkg.startsWith("jakarta.ws.rs") || pkg.startsWith("org.jboss.resteasy");
            }
            if (!annotated) {
                return m.getGenericParameterTypes()[i];
            }
        }
        return null;
    }
}
