package io.pmos.workspace;

import io.pmos.common.OkBody;
import io.pmos.flows.FlowDtos.PolicyAnswer;
import io.pmos.flows.WorkspaceSettingsService;
import io.pmos.identity.Caller;
import io.pmos.identity.Roles;
import io.pmos.workspace.WorkspaceDtos.InvitationAnswer;
import io.pmos.workspace.WorkspaceDtos.InvitationsAnswer;
import io.pmos.workspace.WorkspaceDtos.InviteRequest;
import io.pmos.workspace.WorkspaceDtos.MemberAnswer;
import io.pmos.workspace.WorkspaceDtos.MembersAnswer;
import io.pmos.workspace.WorkspaceDtos.RoleRequest;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** HTTP shape of the caller's own workspace: members, invitations and its flow policy. */
@Path("/api/pmos/workspace")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WorkspaceResource {

    private final MemberService members;
    private final InvitationService invitations;
    private final WorkspaceSettingsService policies;
    private final SecurityIdentity identity;

    public WorkspaceResource(MemberService members, InvitationService invitations, WorkspaceSettingsService policies,
                             SecurityIdentity identity) {
        this.members = members;
        this.invitations = invitations;
        this.policies = policies;
        this.identity = identity;
    }

    @GET
    @Path("/members")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<MembersAnswer> members() {
        return members.list(Caller.of(identity)).map(list -> new MembersAnswer(true, list));
    }

    @PATCH
    @Path("/members/{userId}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    public Uni<MemberAnswer> changeRole(@PathParam("userId") String userId, RoleRequest body) {
        return members.changeRole(Caller.of(identity), userId, body).map(m -> new MemberAnswer(true, m));
    }

    @DELETE
    @Path("/members/{userId}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    @Consumes(MediaType.WILDCARD)
    public Uni<OkBody> remove(@PathParam("userId") String userId) {
        return members.remove(Caller.of(identity), userId).replaceWith(OkBody.OK);
    }

    @GET
    @Path("/invitations")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    public Uni<InvitationsAnswer> invitations() {
        return invitations.pending(Caller.of(identity)).map(list -> new InvitationsAnswer(true, list));
    }

    @POST
    @Path("/invitations")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    public Uni<InvitationAnswer> invite(InviteRequest body) {
        return invitations.create(Caller.of(identity), body).map(i -> new InvitationAnswer(true, i));
    }

    @DELETE
    @Path("/invitations/{id}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    @Consumes(MediaType.WILDCARD)
    public Uni<OkBody> revoke(@PathParam("id") String id) {
        return invitations.revoke(Caller.of(identity), id).replaceWith(OkBody.OK);
    }

    @GET
    @Path("/settings")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<PolicyAnswer> policy() {
        return policies.get(Caller.of(identity).workspaceId()).map(p -> new PolicyAnswer(true, p));
    }

    @PUT
    @Path("/settings")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN})
    public Uni<PolicyAnswer> updatePolicy(WorkspaceSettingsService.FlowPolicyUpdate body) {
        return policies.update(Caller.of(identity), body).map(p -> new PolicyAnswer(true, p));
    }
}
