package io.pmos.connectors;

import io.pmos.mcp.McpTool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which tools the wizard offers as identity checks: ones that read who the key belongs to, never ones that write. */
class IdentityCandidatesTest {

    private static List<String> candidates(String... names) {
        return McpCheck.identityCandidates(List.of(names).stream()
                .map(n -> new McpTool(n, null, null, null, null, null)).toList());
    }

    @Test
    void readsWhoTheKeyBelongsTo() {
        assertEquals(List.of("whoami", "get_me", "getCurrentUser", "current-user", "my_profile"),
                candidates("whoami", "list_projects", "get_me", "getCurrentUser", "current-user", "my_profile",
                        "trash_todo", "get_comments", "name", "home", "auth_status"), "at most five, in server order");
        assertEquals(List.of("auth_status"), candidates("auth_status", "list_todos"));
    }

    @Test
    void neverOffersAToolThatChangesSomething() {
        assertEquals(List.of(), candidates("update_profile", "setProfile", "delete_me", "reset_current_user"));
    }

    @Test
    void bcgptIsRecognisedByWhatItSaysItIs() {
        assertTrue(McpCheck.isBcgpt("bcgpt"));
        assertTrue(McpCheck.isBcgpt("BCGPT MCP"));
        assertFalse(McpCheck.isBcgpt("example-servers/everything"));
        assertFalse(McpCheck.isBcgpt(null));
    }
}
