package io.pmos.identity;

import io.pmos.common.ClientInfo;
import io.pmos.common.ErrorBody;
import io.pmos.common.OkBody;
import io.pmos.common.StoreUnavailableException;
import io.pmos.identity.AuthDtos.AuthConfigAnswer;
import io.pmos.identity.AuthDtos.ChangePasswordRequest;
import io.pmos.identity.AuthDtos.LoginRequest;
import io.pmos.identity.AuthDtos.MeAnswer;
import io.pmos.identity.AuthDtos.ResetPasswordRequest;
import io.pmos.identity.AuthDtos.SignedIn;
import io.pmos.identity.AuthDtos.SignupRequest;
import io.pmos.identity.AuthDtos.UserAnswer;
import io.pmos.workspace.InvitationService;
import io.pmos.workspace.WorkspaceDtos.AcceptRequest;
import io.pmos.workspace.WorkspaceDtos.PreviewAnswer;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** HTTP shape of sign-up, sign-in, sessions and passwords (the board's contract). */
@Path("/api/pmos/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AuthService auth;
    private final InvitationService invitations;
    private final SessionCookies cookies;
    private final CurrentIdentityAssociation identities;
    private final SecurityIdentity identity;

    public AuthResource(AuthService auth, InvitationService invitations, SessionCookies cookies, CurrentIdentityAssociation identities,
                        SecurityIdentity identity) {
        this.auth = auth;
        this.invitations = invitations;
        this.cookies = cookies;
        this.identities = identities;
        this.identity = identity;
    }

    @GET
    @Path("/config")
    @PermitAll
    public Uni<AuthConfigAnswer> config() {
        return auth.signupEnabled().flatMap(open -> auth.bootstrapNeeded()
                .map(first -> new AuthConfigAnswer(true, open || first, first)));
    }

    @POST
    @Path("/signup")
    @PermitAll
    public Uni<Response> signup(SignupRequest body, @Context HttpServerRequest request) {
        return auth.signup(body, ClientInfo.of(request)).map(in -> signedIn(in, request));
    }

    @POST
    @Path("/login")
    @PermitAll
    public Uni<Response> login(LoginRequest body, @Context HttpServerRequest request) {
        return auth.login(body, ClientInfo.of(request)).map(in -> signedIn(in, request));
    }

    @GET
    @Path("/me")
    @PermitAll
    public Uni<Response> me() {
        return identities.getDeferredIdentity().flatMap(identity -> {
            if (identity.isAnonymous()) {
                return Uni.createFrom().item(Response.status(401)
                        .entity(new MeAnswer(false, false, null, "You are not signed in.")).build());
            }
            // read together with the session (and kept with it in the session cache): no query of its own
            UserView user = identity.getAttribute(SessionIdentityProvider.USER);
            return Uni.createFrom().item(Response.ok(new MeAnswer(true, true, user, null)).build());
        });
    }

    @POST
    @Path("/logout")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> logout(@Context HttpServerRequest request) {
        return identities.getDeferredIdentity()
                .flatMap(identity -> identity.isAnonymous() ? Uni.createFrom().voidItem() : auth.logout(Caller.of(identity)))
                .map(v -> Response.ok(OkBody.OK).header("Set-Cookie", cookies.clear(request)).build())
                // The database cannot be reached to end the session: this browser is signed out all the same (its
                // cookie is cleared), and the answer says the session itself was not ended.
                .onFailure(StoreUnavailableException::causes).recoverWithItem(() -> Response.status(503)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(ErrorBody.of(LOGOUT_UNAVAILABLE, StoreUnavailableException.CODE))
                        .header("Retry-After", StoreUnavailableException.RETRY_AFTER)
                        .header("Set-Cookie", cookies.clear(request)).build());
    }

    static final String LOGOUT_UNAVAILABLE = "You are signed out in this browser, but PMOS could not end the session "
            + "on the server because it cannot reach its database right now. Sign in and out again later to end it.";

    @POST
    @Path("/change-password")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<OkBody> changePassword(ChangePasswordRequest body) {
        return auth.changePassword(Caller.of(identity), body).replaceWith(OkBody.OK);
    }

    @POST
    @Path("/admin/reset-password")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    public Uni<OkBody> resetPassword(ResetPasswordRequest body) {
        return auth.resetPassword(Caller.of(identity), body).replaceWith(OkBody.OK);
    }

    @GET
    @Path("/invitations/{token}")
    @PermitAll
    public Uni<PreviewAnswer> invitation(@PathParam("token") String token) {
        return invitations.preview(token).map(p -> new PreviewAnswer(true, p));
    }

    @POST
    @Path("/invitations/{token}/accept")
    @PermitAll
    public Uni<Response> acceptInvitation(@PathParam("token") String token, AcceptRequest body,
                                          @Context HttpServerRequest request) {
        return invitations.accept(token, body, ClientInfo.of(request)).map(in -> signedIn(in, request));
    }

    private Response signedIn(SignedIn in, HttpServerRequest request) {
        return Response.ok(new UserAnswer(true, in.user()))
                .header("Set-Cookie", cookies.issue(in.token(), request))
                .header("Cache-Control", "no-store")
                .build();
    }
}
