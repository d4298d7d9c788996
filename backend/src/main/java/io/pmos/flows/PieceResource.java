package io.pmos.flows;

import io.pmos.flows.FlowDtos.OptionsAnswer;
import io.pmos.flows.FlowDtos.OptionsRequest;
import io.pmos.flows.FlowDtos.PieceAnswer;
import io.pmos.flows.FlowDtos.PiecesAnswer;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** HTTP shape of the pieces catalog and dynamic dropdown options. */
@Path("/api/pmos/pieces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PieceResource {

    private final PieceService pieces;
    private final SecurityIdentity identity;

    public PieceResource(PieceService pieces, SecurityIdentity identity) {
        this.pieces = pieces;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<PiecesAnswer> pieces(@QueryParam("search") String search) {
        return pieces.list(Caller.of(identity), search).map(list -> new PiecesAnswer(true, list));
    }

    @GET
    @Path("/{name: .+}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<PieceAnswer> piece(@PathParam("name") String name) {
        return pieces.get(Caller.of(identity), name).map(p -> new PieceAnswer(true, p));
    }

    @POST
    @Path("/options")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER})
    public Uni<OptionsAnswer> options(OptionsRequest body) {
        return pieces.options(Caller.of(identity), body).map(o -> new OptionsAnswer(true, o));
    }
}
