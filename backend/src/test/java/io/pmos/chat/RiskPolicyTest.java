package io.pmos.chat;

import io.pmos.chat.RiskPolicy.Level;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The MCP risk rule of docs/approvals.md: annotations first, names only to raise, never a read from a name alone. */
class RiskPolicyTest {

    @Test
    void annotationsDecideFirst() {
        assertEquals(Level.READ, RiskPolicy.mcpLevel("echo", true, false));
        assertEquals(Level.READ, RiskPolicy.mcpLevel("update_cache", true, null));
        assertEquals(Level.CHANGE, RiskPolicy.mcpLevel("create_todo", false, false));
        assertEquals(Level.CHANGE, RiskPolicy.mcpLevel("create_todo", null, false));
        // the MCP spec's default: a tool that is not read-only is destructive unless it says otherwise
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("create_todo", false, null));
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("create_todo", false, true));
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("create_todo", null, true));
    }

    @Test
    void withoutHintsANameNeverMakesARead() {
        assertEquals(Level.CHANGE, RiskPolicy.mcpLevel("get_projects", null, null));
        assertEquals(Level.CHANGE, RiskPolicy.mcpLevel("list_todos", null, null));
        assertEquals(Level.CHANGE, RiskPolicy.mcpLevel("whoami", null, null));
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("delete_project", null, null));
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("send_message", null, null));
    }

    @Test
    void aNameCanOnlyRaiseWhatTheServerClaims() {
        // server-everything's get-env says readOnlyHint=true, destructiveHint=false; it prints the server's environment
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("get-env", true, false));
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("printEnv", true, false));
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("read_secret", true, false));
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("get_api_key", true, false));
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("getCredentials", true, false));
        assertEquals(Level.HIGH, RiskPolicy.mcpLevel("delete_everything", true, false));
        // words that merely contain such letters are not such words
        assertEquals(Level.READ, RiskPolicy.mcpLevel("get_environmental_data", true, false));
        assertEquals(Level.READ, RiskPolicy.mcpLevel("tokenize_text", true, false));
        assertEquals(Level.READ, RiskPolicy.mcpLevel("get_keyboard_layout", true, false));
    }
}
