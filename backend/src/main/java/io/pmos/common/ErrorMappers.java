package io.pmos.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.identity.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place where failures become HTTP answers: a status and a plain sentence in {@link ErrorBody}.
 * Exception text, class names and SQL never reach a client; unexpected failures get a reference to the log.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    /** SQLSTATEs of text PostgreSQL cannot store: 22021 (NUL or bad encoding in text), 22P05 (\\u0000 in jsonb). */
    private static final Set<String> UNSTORABLE_TEXT = Set.of("22021", "22P05");

    /** Paths whose refusals are audited under their own action name rather than "access.denied". */
    private static final Map<String, String> DENIAL_ACTIONS = Map.of("/api/pmos/shell/exec", "shell.exec");

    private final AuditService audit;
    private final io.pmos.health.DependencyStates dependencies;

    public ErrorMappers(AuditService audit, io.pmos.health.DependencyStates dependencies) {
        this.audit = audit;
        this.dependencies = dependencies;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder builder = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(e.getMessage(), e.code()));
        e.headers().forEach(builder::header);
        return builder.build();
    }

    /** A session whose lookup failed because the database was unreachable is not an ended session: 503, never 401. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(Exception e) {
        if (StoreUnavailableException.causes(e)) {
            return storeUnavailable(e);
        }
        return json(401, "You are not signed in, or your session has ended. Please sign in.").build();
    }

    /** The database cannot be reached: a retryable 503 on every endpoint, whichever layer the failure came from. */
    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e) {
        return storeUnavailable((Throwable) e);
    }

    private Response storeUnavailable(Throwable e) {
        String code = io.pmos.health.DatabaseFailures.code(e);
        // one WARN per outage (DependencyStates), not a line per request
        dependencies.databaseDown(code == null ? io.pmos.health.DatabaseFailures.UNREACHABLE : code);
        LOG.debugf("Answered 503: the database cannot be reached (%s)", e.getClass().getSimpleName());
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(StoreUnavailableException.BODY)
                .header("Retry-After", StoreUnavailableException.RETRY_AFTER)
                .build();
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(ForbiddenException e, RoutingContext rc) {
        Response response = json(403, "Your role does not allow this action.").build();
        if (!(rc.user() instanceof QuarkusHttpUser user) || user.getSecurityIdentity().isAnonymous()) {
            return Uni.createFrom().item(response);
        }
        Caller caller = Caller.of(user.getSecurityIdentity());
        String path = rc.normalizedPath();
        AuditEntry entry = AuditEntry.by(caller, DENIAL_ACTIONS.getOrDefault(path, "access.denied"), AuditEntry.DENIED)
                .with("method", rc.request().method().name())
                .with("path", path)
                .with("role", caller.role());
        return audit.record(entry).replaceWith(response);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, RoutingContext rc) {
        String allowed = e.getResponse().getAllowedMethods().stream().sorted().collect(Collectors.joining(", "));
        String hint = allowed.isEmpty() ? "" : " Use " + allowed + ".";
        return json(405, "The method " + rc.request().method().name() + " is not allowed on this address." + hint)
                .header("Allow", allowed)
                .build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(404, "There is nothing at this address.").build();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return json(415, "Send the request body as JSON with the header Content-Type: application/json.").build();
    }

    /** A stored key that no longer opens (redirected row, other master key) is a setup problem, never a 500. */
    @ServerExceptionMapper
    public Response secretUnreadable(io.pmos.secrets.SecretUnreadableException e) {
        return Response.status(409).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of("A stored key of this "
                + "workspace cannot be used: it was saved for another address or under another master key. A workspace "
                + "admin enters it again in Setup.", "CONNECTOR_SECRET_UNREADABLE")).build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonParseException e) {
        if (e instanceof InputCheckingJsonFactory.DuplicateFieldException dup) {
            return json(400, "Field '" + dup.field() + "' appears twice.").build();
        }
        if (e instanceof InputCheckingJsonFactory.UnstorableTextException text) {
            return json(400, describeUnstorable(text)).build();
        }
        return json(400, "The request body is not valid JSON.").build();
    }

    /** A JSON body that breaks one of the parser's limits (nesting depth, number or string length). */
    @ServerExceptionMapper
    public Response tooComplex(StreamConstraintsException e) {
        return json(400, "The request body is nested too deeply or holds a value that is too long.").build();
    }

    /** A request DTO that Jackson cannot bind at all is a server defect: answered with a reference, never empty. */
    @ServerExceptionMapper
    public Response badDefinition(InvalidDefinitionException e) {
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                .map(Object::toString).sorted().collect(Collectors.joining(", "));
        return json(400, "Unknown field '" + e.getPropertyName() + "'." + (known.isEmpty() ? "" : " Allowed fields: " + known + "."))
                .build();
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(400, describeMismatch(e)).build();
    }

    @ServerExceptionMapper({JsonMappingException.class, JsonProcessingException.class})
    public Response otherJson(Exception e) {
        JsonParseException parse = find(e, JsonParseException.class);
        if (parse != null) {
            return badJson(parse);
        }
        return json(400, "The request body could not be read as the expected JSON object.").build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        // Jackson wraps a parser failure inside a nested object in a mapping exception: look down the whole chain.
        JsonParseException parse = find(e, JsonParseException.class);
        if (parse != null) {
            return badJson(parse);
        }
        StreamConstraintsException limits = find(e, StreamConstraintsException.class);
        if (limits != null) {
            return tooComplex(limits);
        }
        InvalidDefinitionException definition = find(e, InvalidDefinitionException.class);
        if (definition != null) {
            return badDefinition(definition);
        }
        MismatchedInputException mismatch = find(e, MismatchedInputException.class);
        if (mismatch != null) {
            return mismatched(mismatch);
        }
        if (status >= 500) {
            return unexpected(e);
        }
        return json(status, switch (status) {
            case 400 -> "The request could not be understood.";
            case 406 -> "This address answers with JSON only (Accept: application/json).";
            case 413 -> "The request body is too large.";
            default -> "The request could not be handled.";
        }).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (StoreUnavailableException.causes(e)) {
            return storeUnavailable(e);
        }
        String sqlState = sqlState(e);
        if (sqlState != null && UNSTORABLE_TEXT.contains(sqlState)) {
            // The input boundary should have refused this already; say so in the log, answer like the boundary would.
            LOG.warnf("Text PostgreSQL cannot store reached the database (SQLSTATE %s); answered 400", sqlState);
            return json(400, "The request contains a character that cannot be stored (a NUL character or half of an "
                    + "emoji). Remove it and try again.").build();
        }
        String ref = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "Unexpected failure (ref %s)", ref);
        return json(500, "Something went wrong on the server (reference " + ref + "). Please try again.").build();
    }

    /** The first throwable of a type in the cause chain, or null. */
    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The SQLSTATE of a PostgreSQL error anywhere in the cause chain, or null. */
    static String sqlState(Throwable e) {
        PgException pg = find(e, PgException.class);
        return pg == null ? null : pg.getSqlState();
    }

    static String describeUnstorable(InputCheckingJsonFactory.UnstorableTextException e) {
        String what = e.nul() ? "a NUL character (\\u0000)" : "half of a UTF-16 surrogate pair (a broken emoji)";
        String where;
        if (e.inKey()) {
            where = e.field().isEmpty() ? "A field name" : "A field name inside '" + e.field() + "'";
        } else {
            where = e.field().isEmpty() ? "The request body" : "Field '" + e.field() + "'";
        }
        return where + " contains " + what + ", which cannot be stored. Remove it and try again.";
    }

    static String describeMismatch(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (field.isEmpty()) {
            return "The request body must be a JSON object.";
        }
        Class<?> target = e.getTargetType();
        String expected;
        if (target == null) {
            expected = "of another type";
        } else if (CharSequence.class.isAssignableFrom(target)) {
            expected = "a string";
        } else if (target == Boolean.class || target == boolean.class) {
            expected = "true or false";
        } else if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            expected = "a number";
        } else if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            expected = "a list";
        } else if (e instanceof InvalidFormatException) {
            expected = "one of the accepted values";
        } else {
            expected = "an object";
        }
        return "Field '" + field + "' must be " + expected + ".";
    }

    static Response.ResponseBuilder json(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(message));
    }
}
