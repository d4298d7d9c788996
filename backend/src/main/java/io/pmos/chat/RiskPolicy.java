package io.pmos.chat;

import io.pmos.identity.Caller;
import io.pmos.identity.Roles;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The risk policy (docs/approvals.md): read-only actions run; creating and changing flows runs for admins and
 * waits for approval for members; deleting, publishing or enabling flows, running flows, destructive MCP tools
 * and every shell command wait for approval; viewers may only read.
 */
public final class RiskPolicy {

    private static final Pattern DESTRUCTIVE_NAME = Pattern.compile("(?i)(delete|remove|trash|archive|send|publish|destroy|drop|purge)");

    private RiskPolicy() {
    }

    public enum Level { READ, CHANGE, HIGH }

    /** RUN: go ahead; APPROVE: wait for a person; DENY: not for this caller. */
    public record Decision(Outcome outcome, String reason) {
        public static Decision run() {
            return new Decision(Outcome.RUN, null);
        }
    }

    public enum Outcome { RUN, APPROVE, DENY }

    public static Decision decide(Caller caller, Level level, String what) {
        if (level == Level.READ) {
            return Decision.run();
        }
        if (Roles.VIEWER.equals(caller.role())) {
            return new Decision(Outcome.DENY, "Your role (viewer) can only read; " + what + " changes something.");
        }
        if (level == Level.HIGH) {
            return new Decision(Outcome.APPROVE, what + " is a high-risk action");
        }
        return Roles.isAdmin(caller.role()) ? Decision.run()
                : new Decision(Outcome.APPROVE, what + " changes a flow, and members' changes wait for an admin");
    }

    /** An MCP tool's level from its annotations (hints, not trusted to lower the risk of a destructive name). */
    public static Level mcpLevel(String toolName, Boolean readOnlyHint, Boolean destructiveHint) {
        if (Boolean.TRUE.equals(destructiveHint) || DESTRUCTIVE_NAME.matcher(toolName).find()) {
            return Level.HIGH;
        }
        if (Boolean.TRUE.equals(readOnlyHint)) {
            return Level.READ;
        }
        String n = toolName.toLowerCase(Locale.ROOT);
        if (n.startsWith("get") || n.startsWith("list") || n.startsWith("find") || n.startsWith("search")
                || n.startsWith("whoami") || n.equals("echo") || n.startsWith("daily_report")) {
            return Level.READ;
        }
        return Level.CHANGE;
    }
}
