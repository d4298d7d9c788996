package io.pmos.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pmos.common.Jsons;
import io.pmos.common.OkBody;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** HTTP shape of chat: conversations, messages (each starts a run), cancel, and a run's trace. */
@Path("/api/pmos/chat")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChatResource {

    public record NewConversation(String title) {
    }

    public record NewMessage(String text) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConversationView(String id, String title, String createdAt, String updatedAt) {
    }

    public record MessageView(String id, String runId, String role, String content, String createdAt) {
    }

    private final ChatService chat;
    private final SecurityIdentity identity;

    public ChatResource(ChatService chat, SecurityIdentity identity) {
        this.chat = chat;
        this.identity = identity;
    }

    @GET
    @Path("/conversations")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<Map<String, Object>> conversations() {
        return chat.conversations(Caller.of(identity)).map(list -> Map.of("ok", true, "conversations",
                list.stream().map(ChatResource::view).toList()));
    }

    @POST
    @Path("/conversations")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(NewConversation body) {
        return chat.create(Caller.of(identity), body == null ? null : body.title())
                .map(c -> Response.status(201).entity(Map.of("ok", true, "conversation", view(c))).build());
    }

    @GET
    @Path("/conversations/{id}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<Map<String, Object>> conversation(@PathParam("id") String id) {
        Caller caller = Caller.of(identity);
        return chat.conversation(caller, id).flatMap(c -> chat.messages(caller, id).map(messages -> Map.of("ok", true,
                "conversation", view(c), "messages", messages.stream().map(m -> new MessageView(m.id().toString(),
                        m.runId() == null ? null : m.runId().toString(), m.role(), m.content(), m.createdAt().toString())).toList())));
    }

    @POST
    @Path("/conversations/{id}/messages")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<Response> send(@PathParam("id") String id, NewMessage body) {
        if (body == null) {
            return Uni.createFrom().failure(io.pmos.common.ApiException.badRequest("The request body must be a JSON object."));
        }
        return chat.send(Caller.of(identity), id, body.text())
                .map(run -> Response.status(202).entity(Map.of("ok", true, "runId", run.id().toString())).build());
    }

    @POST
    @Path("/runs/{runId}/cancel")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    @Consumes(MediaType.WILDCARD)
    public Uni<OkBody> cancel(@PathParam("runId") String runId) {
        return chat.cancel(Caller.of(identity), runId).replaceWith(OkBody.OK);
    }

    @GET
    @Path("/runs/{runId}/trace")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.WORKSPACE_ADMIN, Roles.MEMBER, Roles.VIEWER})
    public Uni<Map<String, Object>> trace(@PathParam("runId") String runId) {
        return chat.trace(Caller.of(identity), runId).map(Jsons::plain);
    }

    private static ConversationView view(ChatRepository.Conversation c) {
        return new ConversationView(c.id().toString(), c.title(), c.createdAt().toString(), c.updatedAt().toString());
    }

}
