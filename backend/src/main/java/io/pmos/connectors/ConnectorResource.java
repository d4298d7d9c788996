package io.pmos.connectors;

import io.pmos.connectors.ConnectorDtos.ConnectorsAnswer;
import io.pmos.connectors.ConnectorDtos.ConnectorsUpdate;
import io.pmos.connectors.ConnectorDtos.OnboardingAnswer;
import io.pmos.connectors.ConnectorDtos.TestAnswer;
import io.pmos.connectors.ConnectorDtos.TestRequest;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.pmos.common.ApiException;
import io.pmos.net.AddressNotAllowedException;
import io.pmos.net.OutboundPolicy;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** HTTP shape of the workspace's connectors, their tests, and the onboarding wizard's state. */
@Path("/api/pmos")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectorResource {

    private final ConnectorService connectors;
    private final ConnectorTestService tests;
    private final SecurityIdentity identity;
    private final OutboundPolicy outbound;

    public ConnectorResource(ConnectorService connectors, ConnectorTestService tests, SecurityIdentity identity,
                             OutboundPolicy outbound) {
        this.connectors = connectors;
        this.outbound = outbound;
        this.tests = tests;
        this.identity = identity;
    }

    @GET
    @Path("/connectors")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<ConnectorsAnswer> get() {
        return connectors.view(Caller.of(identity));
    }

    @PUT
    @Path("/connectors")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    public Uni<ConnectorsAnswer> put(ConnectorsUpdate body) {
        refuseLiteralAddresses(body);
        return connectors.update(Caller.of(identity), body);
    }

    /** The cheap early answer for IP literals the outbound policy refuses; the check at connect time is the real one. */
    private void refuseLiteralAddresses(ConnectorsUpdate body) {
        if (body == null) {
            return;
        }
        try {
            if (body.flowPieces() != null) {
                outbound.refuseLiteral(body.flowPieces().url());
            }
            if (body.mcp() != null) {
                body.mcp().stream().filter(java.util.Objects::nonNull).forEach(m -> outbound.refuseLiteral(m.url()));
            }
            if (body.ai() != null) {
                outbound.refuseLiteral(body.ai().baseUrl());
            }
        } catch (AddressNotAllowedException e) {
            throw new ApiException(400, AddressNotAllowedException.MESSAGE + " " + AddressNotAllowedException.FIX,
                    java.util.Map.of(), AddressNotAllowedException.CODE);
        }
    }

    @POST
    @Path("/connectors/test")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    @Consumes(MediaType.WILDCARD)
    public Uni<TestAnswer> test(TestRequest body) {
        return tests.test(Caller.of(identity), body);
    }

    @GET
    @Path("/onboarding")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<OnboardingAnswer> onboarding() {
        return tests.onboarding(Caller.of(identity));
    }
}
